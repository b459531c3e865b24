namespace InterviewPortal.Tests.TestSupport;

public static class TestPaths
{
    /// <summary>The repository root (the folder holding InterviewPortal.sln).</summary>
    public static string RepositoryRoot { get; } = FindRoot();

    public static string TestResults { get; } = Directory.CreateDirectory(Path.Combine(RepositoryRoot, "TestResults")).FullName;

    /// <summary>This test run's scratch folder, removed when the run ends.</summary>
    private static readonly Lazy<string> RunRoot = new(() =>
    {
        var root = Path.Combine(Path.GetTempPath(), "interviewportal-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(root);
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                Directory.Delete(root, recursive: true);
            }
            catch (IOException)
            {
                // A file still open at exit: the OS's temp clean-up takes it.
            }
        };
        return root;
    });

    public static string NewTempDirectory(string prefix)
    {
        var dir = Path.Combine(RunRoot.Value, $"{prefix}-{Guid.NewGuid():N}");
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
