namespace InterviewPortal.Web.Setup;

/// <summary>Where the portal keeps its run-time files (database, logs).</summary>
public static class PortalPaths
{
    /// <summary>
    /// The repository root when running from a clone (the folder that holds InterviewPortal.sln, found upwards from
    /// the content root), else the content root itself (a published build).
    /// </summary>
    public static string Root(string contentRoot)
    {
        for (var dir = new DirectoryInfo(contentRoot); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "InterviewPortal.sln")))
            {
                return dir.FullName;
            }
        }

        return contentRoot;
    }
}
