using InterviewPortal.Web.Features.Audit;
using InterviewPortal.Web.Features.Interviews;
using InterviewPortal.Web.Features.Invitations;
using InterviewPortal.Web.Features.MiniProgram;
using InterviewPortal.Web.Features.Permission;
using InterviewPortal.Web.Features.Privacy;
using InterviewPortal.Web.Features.Recordings;
using InterviewPortal.Web.Features.Recruiting;
using InterviewPortal.Web.Features.Recruiting.Import;
using InterviewPortal.Web.Features.Reports;
using InterviewPortal.Web.Integrations.Zego;
using InterviewPortal.Web.Setup;
using Microsoft.Extensions.Options;

try
{
    var builder = WebApplication.CreateBuilder(StartupTasks.PortalArguments(args));
    builder.UsePortalSettingsFile();
    builder.AddPortalLogging();
    var database = builder.AddPortalData();
    builder.AddPortalIdentity();
    builder.AddPortalJobs(database);
    builder.AddPortalHealth();
    builder.AddPortalShell();
    builder.AddPortalRateLimits();

    var app = builder.Build();
    app.UsePortalPipeline();
    app.MapPortalShell();
    app.MapPortalJobs();
    app.MapInterviewEndpoints();
    app.MapRecordingEndpoints();
    app.MapInvitationEndpoints();
    app.MapMiniProgramApi();
    app.MapZegoCallbacks();
    app.MapCandidateEndpoints();
    app.MapPrivacyEndpoints();
    app.MapCandidateImport();
    app.MapPermissionEndpoints();
    app.MapReportEndpoints();
    app.MapAuditEndpoints();
    app.MapPortalHealth();
    if (await app.PreparePortalAsync() is { } exitCode)
    {
        return exitCode;
    }

    await app.RunAsync();
    return 0;
}
catch (Exception ex) when (ConfigurationSetup.IsConfigurationError(ex))
{
    // One clear line naming the setting; no stack trace for a configuration mistake.
    Console.Error.WriteLine($"InterviewPortal cannot start. {ConfigurationSetup.Describe(ex)}");
    return 2;
}

public partial class Program;
