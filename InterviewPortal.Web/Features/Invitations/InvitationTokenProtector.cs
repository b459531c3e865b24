using System.ComponentModel.DataAnnotations;
using System.Security.Cryptography;
using System.Text;
using InterviewPortal.Web.Setup;
using Microsoft.Extensions.Options;

namespace InterviewPortal.Web.Features.Invitations;

/// <summary><c>Invitations:*</c> settings.</summary>
public sealed class InvitationOptions
{
    /// <summary>
    /// Base64 of 32 random bytes: the key invitation tokens are encrypted with so HR can show a link again. Keep it out
    /// of the database (user-secrets, an environment variable, a vault). When empty the portal creates one in
    /// <see cref="KeyFile"/> on first use.
    /// </summary>
    public string? TokenKey { get; set; }

    /// <summary>Where the generated key lives when <see cref="TokenKey"/> is not set; relative to the portal root.</summary>
    [Required]
    public string KeyFile { get; set; } = "db/keys/invitation-token.key";

    internal static bool IsValid(InvitationOptions o)
    {
        if (string.IsNullOrWhiteSpace(o.TokenKey))
        {
            return true;
        }

        Span<byte> buffer = stackalloc byte[64];
        return Convert.TryFromBase64String(o.TokenKey, buffer, out var n) && n == 32;
    }
}

/// <summary>
/// Encrypts invitation tokens (AES-GCM, a key kept outside the database) so the database holds only their hash for
/// lookups and a ciphertext HR's card can show again: a copy of the database alone yields no usable token.
/// </summary>
public sealed class InvitationTokenProtector
{
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private readonly byte[] _key;

    public InvitationTokenProtector(IOptions<InvitationOptions> options, IHostEnvironment environment, ILogger<InvitationTokenProtector> logger)
    {
        var o = options.Value;
        if (!string.IsNullOrWhiteSpace(o.TokenKey))
        {
            _key = Convert.FromBase64String(o.TokenKey);
            return;
        }

        var file = Path.GetFullPath(o.KeyFile, PortalPaths.Root(environment.ContentRootPath));
        _key = LoadOrCreate(file, logger);
    }

    public string Protect(string token)
    {
        var plain = Encoding.ASCII.GetBytes(token);
        var output = new byte[NonceSize + TagSize + plain.Length];
        var nonce = output.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_key, TagSize);
        aes.Encrypt(nonce, plain, output.AsSpan(NonceSize + TagSize), output.AsSpan(NonceSize, TagSize));
        return Convert.ToBase64String(output);
    }

    /// <summary>The token, or null when the ciphertext was made with another key (the key was changed or lost).</summary>
    public string? Unprotect(string protectedToken)
    {
        try
        {
            var input = Convert.FromBase64String(protectedToken);
            var plain = new byte[input.Length - NonceSize - TagSize];
            using var aes = new AesGcm(_key, TagSize);
            aes.Decrypt(input.AsSpan(0, NonceSize), input.AsSpan(NonceSize + TagSize), input.AsSpan(NonceSize, TagSize), plain);
            return Encoding.ASCII.GetString(plain);
        }
        catch (Exception ex) when (ex is CryptographicException or FormatException or OverflowException or ArgumentException)
        {
            return null;
        }
    }

    private static byte[] LoadOrCreate(string file, ILogger logger)
    {
        if (File.Exists(file))
        {
            var text = File.ReadAllText(file).Trim();
            var key = Convert.FromBase64String(text);
            return key.Length == 32 ? key : throw new InvalidOperationException($"The invitation token key in {file} is not 32 bytes of base64.");
        }

        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        var created = RandomNumberGenerator.GetBytes(32);
        try
        {
            // CreateNew: two processes starting together must not each write their own key.
            using (var stream = new FileStream(file, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            using (var writer = new StreamWriter(stream))
            {
                writer.Write(Convert.ToBase64String(created));
            }

            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }

            logger.LogWarning("Created the invitation token key {KeyFile}; back it up with the database, or set Invitations:TokenKey", file);
            return created;
        }
        catch (IOException) when (File.Exists(file))
        {
            return LoadOrCreate(file, logger);
        }
    }
}
