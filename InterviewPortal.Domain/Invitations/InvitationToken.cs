using System.Security.Cryptography;
using System.Text;

namespace InterviewPortal.Domain.Invitations;

/// <summary>
/// The opaque token in an invitation's code and link (domain rules: ≤ 32 characters, letters and digits only, which is
/// what WeChat's <c>scene</c> accepts, and unguessable). 24 characters drawn uniformly from 62 carry 142 bits.
/// Only its SHA-256 is used to find it, so a copy of the database gives nobody a usable token.
/// </summary>
public static class InvitationToken
{
    public const int Length = 24;
    public const int MaxLength = 32;
    private const string Alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    public static string New() => new(RandomNumberGenerator.GetItems<char>(Alphabet, Length));

    /// <summary>True when <paramref name="token"/> could be a token at all (checked before any database lookup).</summary>
    public static bool IsWellFormed(string? token) =>
        token is { Length: >= Length and <= MaxLength } && token.All(char.IsAsciiLetterOrDigit);

    /// <summary>The lookup key stored instead of the token: lowercase hex SHA-256.</summary>
    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(token)));
}
