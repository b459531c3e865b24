using System.Diagnostics.CodeAnalysis;

namespace InterviewPortal.Domain.Recruiting;

/// <summary>
/// A mainland China mobile number, stored normalized as its 11 digits (1[3-9]xxxxxxxxx). Accepts the forms people
/// type: spaces, dashes, dots, brackets, and a +86 / 0086 / 86 prefix.
/// </summary>
public static class PhoneNumber
{
    public static bool TryNormalize(string? input, [NotNullWhen(true)] out string? normalized)
    {
        normalized = null;
        if (string.IsNullOrWhiteSpace(input))
        {
            return false;
        }

        Span<char> digits = stackalloc char[input.Length];
        var n = 0;
        var plus = false;
        foreach (var c in input.Trim())
        {
            if (char.IsAsciiDigit(c))
            {
                digits[n++] = c;
            }
            else if (c == '+' && n == 0 && !plus)
            {
                plus = true;
            }
            else if (c is not (' ' or '-' or '.' or '(' or ')' or '\u00A0' or '\u3000'))
            {
                return false;
            }
        }

        var s = new string(digits[..n]);
        if (s.StartsWith("0086", StringComparison.Ordinal))
        {
            s = s[4..];
        }
        else if (s.Length == 13 && s.StartsWith("86", StringComparison.Ordinal))
        {
            s = s[2..];
        }
        else if (plus)
        {
            return false;
        }

        if (s.Length != 11 || s[0] != '1' || s[1] < '3' || s[1] > '9')
        {
            return false;
        }

        normalized = s;
        return true;
    }

    /// <summary>Normalizes or throws a <see cref="DomainException"/> with the key <c>PhoneInvalid</c>.</summary>
    public static string Normalize(string? input) =>
        TryNormalize(input, out var normalized) ? normalized : throw new DomainException("PhoneInvalid");

    /// <summary>138****1234: for lists, where the full number is not needed.</summary>
    public static string Mask(string? normalized) => ContactMasking.Phone(normalized);
}
