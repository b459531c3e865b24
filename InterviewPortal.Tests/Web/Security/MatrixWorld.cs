using System.Net;
using InterviewPortal.Domain.Identity;
using InterviewPortal.Domain.Permission;
using InterviewPortal.Tests.TestSupport;
using InterviewPortal.Web.Features.Invitations;
using InterviewPortal.Web.Features.Permission;
using InterviewPortal.Web.Features.Recruiting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace InterviewPortal.Tests.Web.Security;

/// <summary>
/// One portal, a small company (<see cref="RecruitingWorld"/>) with agency A's ids filled in, and a user per role with,
/// on the in-memory server, an HTTP client signed in as them.
/// </summary>
public class MatrixWorld : IAsyncLifetime
{
    private readonly bool _realServer;

    public MatrixWorld()
        : this(realServer: false)
    {
    }

    /// <param name="realServer">On a loopback port (for the browser) instead of the in-memory test server.</param>
    protected MatrixWorld(bool realServer)
    {
        _realServer = realServer;
        // ZEGO configured (nothing here calls it): the video and callback endpoints then get as far as their own checks.
        App = new PortalAppFactory(new Dictionary<string, string?>
        {
            ["Portal:PublicBaseUrl"] = "https://jobs.example.com",
            ["Zego:AppId"] = FakeZegoServer.AppId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Zego:ServerSecret"] = FakeZegoServer.ServerSecret,
            ["Zego:CallbackSecret"] = "cb_secret_matrix_0001",
        }, realServer);
    }

    public PortalAppFactory App { get; }

    /// <summary>Each signed-in role's e-mail (their password is <see cref="TestUsers.Password"/>).</summary>
    public Dictionary<string, string> Emails { get; } = [];

    public Dictionary<string, HttpClient> Clients { get; } = [];

    public Dictionary<string, string> Values { get; } = [];

    /// <summary>What only someone allowed to read agency A's candidate may receive: their (unique) name and full phone.</summary>
    public List<string> CandidateAMarkers { get; } = [];

    /// <summary>What agency B and anonymous callers never receive: agency A's candidate and agency A's name.</summary>
    public List<string> AgencyAMarkers { get; } = [];

    public async Task InitializeAsync()
    {
        if (_realServer)
        {
            App.StartServer();
        }
        else
        {
            _ = App.Server;
        }

        var w = await RecruitingWorld.CreateAsync(App);
        var tag = Guid.NewGuid().ToString("N")[..8];
        var details = (await w.AsHrAsync(sp => sp.GetRequiredService<CandidateService>().GetAsync(w.CandidateA)))!;
        var name = $"甲方候选人{tag}";
        await w.AsHrAsync(sp => sp.GetRequiredService<CandidateService>().UpdateAsync(w.CandidateA, new CandidateForm
        {
            Name = name, Phone = details.Phone, Source = details.Source, AgencyId = details.AgencyId, PositionIds = [w.Position],
        }));
        CandidateAMarkers.AddRange([name, details.Phone]);
        AgencyAMarkers.AddRange([name, details.Phone, details.AgencyName!]);

        var file = await w.AsHrAsync(sp => sp.GetRequiredService<CandidateFilesService>().UploadResumeAsync(w.CandidateA, new MemoryStream(TestImages.Pdf()), "a.pdf"));
        var card = (await w.AsHrAsync(sp => sp.GetRequiredService<InvitationService>().GetCardAsync(w.InterviewA)))!;
        var permission = await w.AsHrAsync(sp => sp.GetRequiredService<PermissionService>().StartAsync("wx1234567890abcdef", "面试门户"));
        var material = await w.AsHrAsync(sp => sp.GetRequiredService<PermissionService>().UploadMaterialAsync(permission, MaterialKind.BusinessLicence, new MemoryStream(TestImages.Png(40, 30)), "licence.png"));

        Values["candidateA"] = w.CandidateA.ToString();
        Values["interviewA"] = w.InterviewA.ToString();
        Values["fileA"] = file.ToString();
        var link = card.Link!;
        Values["tokenA"] = link[(link.LastIndexOf('/') + 1)..];
        Values["permission"] = permission.ToString();
        Values["material"] = material.Id.ToString();

        var admin = await TestUsers.CreateAsync(App.Services, $"admin.{tag}@example.com", Roles.Admin);
        var auditor = await TestUsers.CreateAsync(App.Services, $"auditor.{tag}@example.com", Roles.Auditor);
        Clients["Anonymous"] = App.CreateBrowserLikeClient();
        await SignInAsync("Admin", admin);
        await SignInAsync("HR", w.Hr);
        await SignInAsync("Interviewer", w.InterviewerA);
        await SignInAsync("OtherInterviewer", w.InterviewerB);
        await SignInAsync("AgencyA", w.AgencyUserA);
        await SignInAsync("AgencyB", w.AgencyUserB);
        await SignInAsync("Auditor", auditor);
    }

    private async Task SignInAsync(string role, string userId)
    {
        var email = await App.WithDbAsync(db => db.Users.Where(u => u.Id == userId).Select(u => u.Email!).SingleAsync());
        Emails[role] = email;
        if (_realServer)
        {
            return; // the browser signs in itself
        }

        var client = App.CreateBrowserLikeClient();
        Assert.Equal(HttpStatusCode.Redirect, (await PortalAppFactory.PostLoginAsync(client, email, TestUsers.Password)).StatusCode);
        Clients[role] = client;
    }

    public async Task DisposeAsync()
    {
        foreach (var client in Clients.Values)
        {
            client.Dispose();
        }

        await App.DisposeAsync();
    }
}
