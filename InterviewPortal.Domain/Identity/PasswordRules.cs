namespace InterviewPortal.Domain.Identity;

/// <summary>
/// Password policy after NIST SP 800-63B: long passwords, no composition rules, and a refusal of passwords that
/// appear on lists of commonly used ones.
/// </summary>
public static class PasswordRules
{
    public const int MinimumLength = 12;

    // The most frequent passwords of at least 12 characters in public breach corpora, plus the obvious
    // product- and locale-specific ones. Compared case-insensitively.
    private static readonly HashSet<string> Common = new(StringComparer.OrdinalIgnoreCase)
    {
        "123456789012", "1234567890123", "12345678901234", "123456789abc", "1234567890qwerty",
        "qwertyuiopasdf", "qwertyuiop123", "qwerty123456", "123456qwerty", "1q2w3e4r5t6y", "1qaz2wsx3edc",
        "zaq12wsxcde3", "q1w2e3r4t5y6", "password1234", "password12345", "passw0rd1234", "p@ssw0rd1234",
        "iloveyou1234", "abcdefghijkl", "abc123456789", "aaaaaaaaaaaa", "111111111111", "000000000000",
        "123123123123", "woaini1314520", "woaini520520", "5201314520131", "a123456789012", "88888888888888",
        "666666666666", "qwertyuiop12", "administrator", "administrator1", "admin1234567", "admin@123456",
        "changeme1234", "letmein12345", "welcome12345", "welcome@1234", "interviewportal", "interview123",
        "interviewportal1", "portal123456", "sunshine1234", "football1234", "baseball1234", "princess1234",
        "trustno11234", "monkey123456", "dragon123456", "master123456", "superman1234", "1234qwerasdf",
        "asdfghjkl123", "zxcvbnm12345", "password123!", "welcome123456", "aa1234567890",
    };

    /// <summary>A random password from letters and digits without look-alikes (about 5.8 bits a character).</summary>
    public static string Generate(int length) =>
        System.Security.Cryptography.RandomNumberGenerator.GetString("abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789", length);

    public static bool IsCommon(string password) => Common.Contains(password.Trim());
}
