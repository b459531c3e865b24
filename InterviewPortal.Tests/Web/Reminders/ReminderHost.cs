using InterviewPortal.Domain.Identity;
using InterviewPortal.Domain.Reminders;
using InterviewPortal.Tests.TestSupport;
using InterviewPortal.Web.Data;
using InterviewPortal.Web.Features.Recruiting;
using InterviewPortal.Web.Features.Reminders;
using InterviewPortal.Web.Features.Settings;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace InterviewPortal.Tests.Web.Reminders;

/// <summary>
/// A portal on a fake clock with email pointed at a real SMTP server on loopback and WeChat at the fake WeChat
/// server, plus helpers to time-travel and run the dispatcher as the recurring job would.
/// </summary>
public sealed class ReminderHost : IAsyncDisposable
{
    public const string TemplateId = "TPL-interview-notice";

    private readonly bool _ownsSmtp;

    private ReminderHost(PortalAppFactory app, FakeTimeProvider clock, FakeSmtpServer smtp, FakeWeChatServer? wechat, bool ownsSmtp)
    {
        _ownsSmtp = ownsSmtp;
        App = app;
        Clock = clock;
        Smtp = smtp;
        WeChat = wechat;
    }

    public PortalAppFactory App { get; }

    public FakeTimeProvider Clock { get; }

    public FakeSmtpServer Smtp { get; }

    public FakeWeChatServer? WeChat { get; }

    public DateTime Now => Clock.GetUtcNow().UtcDateTime;

    /// <param name="extra">More portal settings (a short WeChat:Timeout, say); they win over the host's own.</param>
    public static async Task<ReminderHost> StartAsync(
        bool email = true, bool wechat = true, string? databaseOf = null, FakeTimeProvider? clock = null, FakeSmtpServer? smtp = null, IReadOnlyDictionary<string, string?>? extra = null)
    {
        // Whole minutes, so times in messages read the same as the test's arithmetic.
        var now = DateTimeOffset.UtcNow;
        var ownsSmtp = smtp is null;
        clock ??= new FakeTimeProvider(new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, now.Minute, 0, TimeSpan.Zero));
        smtp ??= FakeSmtpServer.Start();
        var server = wechat ? await FakeWeChatServer.StartAsync() : null;
        var settings = new Dictionary<string, string?>();
        if (email)
        {
            settings["Smtp:Host"] = "127.0.0.1";
            settings["Smtp:Port"] = smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
            settings["Smtp:Security"] = "None";
            settings["Smtp:FromAddress"] = "recruiting@example.com";
            settings["Smtp:FromName"] = "招聘团队";
        }

        if (server is not null)
        {
            settings["WeChat:ApiBaseUrl"] = server.BaseAddress.ToString();
            settings["WeChat:AppId"] = FakeWeChatServer.AppId;
            settings["WeChat:AppSecret"] = FakeWeChatServer.AppSecret;
        }

        if (databaseOf is not null)
        {
            settings["ConnectionStrings:Portal"] = $"Data Source={databaseOf}";
        }

        foreach (var (k, v) in extra ?? new Dictionary<string, string?>())
        {
            settings[k] = v;
        }

        var app = new PortalAppFactory(settings, clock: clock);
        _ = app.Server;
        return new ReminderHost(app, clock, smtp, server, ownsSmtp);
    }

    /// <summary>Moves the clock to <paramref name="utc"/> (never back) and runs the dispatcher once, as the minute's job would.</summary>
    public async Task<DispatchResult> At(DateTime utc)
    {
        if (utc > Now)
        {
            Clock.SetUtcNow(new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)));
        }

        return await DispatchAsync();
    }

    public Task<DispatchResult> DispatchAsync() => App.Services.GetRequiredService<ReminderDispatcher>().RunAsync(CancellationToken.None);

    /// <summary>Runs the dispatcher at every due time of every planned reminder up to <paramref name="untilUtc"/>.</summary>
    public async Task TravelToAsync(DateTime untilUtc)
    {
        while (true)
        {
            var next = await App.WithDbAsync(db => db.Reminders.Where(r => r.State == ReminderState.Planned && r.NextAttemptAtUtc <= untilUtc)
                .OrderBy(r => r.NextAttemptAtUtc).Select(r => (DateTime?)r.NextAttemptAtUtc).FirstOrDefaultAsync());
            if (next is null)
            {
                break;
            }

            await At(next.Value);
        }

        await At(untilUtc);
    }

    public Task<List<Reminder>> RemindersAsync(Guid subject) =>
        App.WithDbAsync(db => db.Reminders.AsNoTracking().Where(r => r.SubjectId == subject).ToListAsync());

    public async Task<Guid> CandidateAsync(RecruitingWorld w, string name, string? email, string? openId = null)
    {
        var created = await w.AsHrAsync(sp => sp.GetRequiredService<CandidateService>().CreateAsync(new CandidateForm { Name = name, Phone = TestPhones.Next(), Email = email, PositionIds = [w.Position] }));
        var id = created.CreatedId!.Value;
        if (openId is not null)
        {
            await App.WithDbAsync(async db =>
            {
                var c = await db.Candidates.FirstAsync(x => x.Id == id);
                c.BindWeChat(openId, Now);
                return await db.SaveChangesAsync();
            });
        }

        return id;
    }

    public Task<string> EmailOfAsync(string userId) => App.WithDbAsync(db => db.Users.Where(u => u.Id == userId).Select(u => u.Email!).FirstAsync());

    public async Task SetUserAsync(string userId, string language, string timeZone)
    {
        await using var scope = App.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = (await users.FindByIdAsync(userId))!;
        user.Language = language;
        user.TimeZone = timeZone;
        await users.UpdateAsync(user);
    }

    public async Task SaveSettingsAsync(Func<ReminderSettings, ReminderSettings> change)
    {
        var admin = await TestUsers.CreateAsync(App.Services, $"admin.{Guid.NewGuid():N}@example.com", Roles.Admin);
        await using var scope = App.Services.CreateAsyncScope();
        using var _ = AdminActor.As(scope.ServiceProvider, admin, Roles.Admin);
        var settings = scope.ServiceProvider.GetRequiredService<SettingsService>();
        await settings.SaveRemindersAsync(change(await settings.GetRemindersAsync()));
    }

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        if (_ownsSmtp)
        {
            await Smtp.DisposeAsync();
        }
        if (WeChat is not null)
        {
            await WeChat.DisposeAsync();
        }
    }
}
