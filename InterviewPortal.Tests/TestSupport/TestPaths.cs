namespace InterviewPortal.Tests.TestSupport;

public static class TestPaths
{
    /// <summary>The repository root (the folder holding InterviewPortal.sln).</summary>
    public static string RepositoryRoot { get; } = FindRoot();

    public static string TestResults { get; } = Directory.CreateDirectory(Path.Combine(RepositoryRoot, "TestResults")).FullName;

    public static string NewTempDirectory(string prefix)
    {
        var dir = Path.Combine(Path.GetTempPath(), "interviewportal-tests", $"{prefix}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        return dir;
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "InterviewPortal.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("InterviewPortal.sln not found above " + AppContext.BaseDirectory);
    }
}
