namespace InterviewPortal.Tests.TestSupport;

/// <summary>Runs only where PORTAL_TEST_SQLSERVER holds a SQL Server connection string; reported as skipped otherwise.</summary>
public sealed class SqlServerFactAttribute : FactAttribute
{
    public const string Variable = "PORTAL_TEST_SQLSERVER";

    public SqlServerFactAttribute()
    {
        if (string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(Variable)))
        {
            Skip = $"No live SQL Server: set {Variable} to a connection string to run this test.";
        }
    }
}

/// <summary>
/// A browser test: runs where Chromium is found (PORTAL_CHROMIUM, else /usr/bin/chromium). Where it is missing the
/// test is reported as skipped with the reason, except under CI=true, where it runs and fails.
/// </summary>
public sealed class BrowserFactAttribute : FactAttribute
{
    public BrowserFactAttribute()
    {
        if (Browser.ExecutablePath is null && !Browser.IsCi)
        {
            Skip = $"Chromium not found (set PORTAL_CHROMIUM or install Debian's chromium at {Browser.DefaultPath}).";
        }
    }
}

public static class Browser
{
    public const string DefaultPath = "/usr/bin/chromium";

    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public static string? ExecutablePath
    {
        get
        {
            var configured = Environment.GetEnvironmentVariable("PORTAL_CHROMIUM");
            var path = string.IsNullOrWhiteSpace(configured) ? DefaultPath : configured;
            return File.Exists(path) ? path : null;
        }
    }
}
