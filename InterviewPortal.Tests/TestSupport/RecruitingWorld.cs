using InterviewPortal.Domain.Identity;
using InterviewPortal.Domain.Interviews;
using InterviewPortal.Domain.Recruiting;
using InterviewPortal.Web.Data;
using InterviewPortal.Web.Features.Interviews;
using InterviewPortal.Web.Features.Recruiting;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace InterviewPortal.Tests.TestSupport;

/// <summary>
/// A small company in a running portal: one HR user, two interviewers, two agencies with a user each, a position and
/// a candidate per agency, each with an interview. Built through the portal's own services.
/// </summary>
public sealed class RecruitingWorld
{
    public required PortalAppFactory App { get; init; }

    public string Hr { get; private set; } = "";

    public string InterviewerA { get; private set; } = "";

    public string InterviewerB { get; private set; } = "";

    public Guid AgencyA { get; private set; }

    public Guid AgencyB { get; private set; }

    public string AgencyUserA { get; private set; } = "";

    public string AgencyUserB { get; private set; } = "";

    public Guid Position { get; private set; }

    public Guid CandidateA { get; private set; }

    public Guid CandidateB { get; private set; }

    public Guid InterviewA { get; private set; }

    public Guid InterviewB { get; private set; }

    public static DateTime Tomorrow9Utc => DateTime.UtcNow.Date.AddDays(2).AddHours(1);

    /// <summary>
    /// <paramref name="startUtc"/>, or the first time after it at which an hour-long interview is clear of the world's
    /// own two (interviewer A's at <see cref="Tomorrow9Utc"/>, B's three hours later, each with the 10-minute buffer).
    /// For tests that book the world's interviewers relative to "now": without it they are refused as a double booking
    /// at some times of day.
    /// </summary>
    public static DateTime ClearOfOwnInterviews(DateTime startUtc, int minutes = 60)
    {
        var buffer = TimeSpan.FromMinutes(10);
        foreach (var own in new[] { Tomorrow9Utc, Tomorrow9Utc.AddHours(3) })
        {
            if (startUtc < own.AddHours(1) + buffer && own < startUtc.AddMinutes(minutes) + buffer)
            {
                startUtc = own.AddHours(1) + buffer;
            }
        }

        return startUtc;
    }

    public static async Task<RecruitingWorld> CreateAsync(PortalAppFactory app)
    {
        var tag = Guid.NewGuid().ToString("N")[..6];
        var w = new RecruitingWorld { App = app };
        w.Hr = await TestUsers.CreateAsync(app.Services, $"hr.{tag}@example.com", Roles.HR);
        w.InterviewerA = await TestUsers.CreateAsync(app.Services, $"ia.{tag}@example.com", Roles.Interviewer);
        w.InterviewerB = await TestUsers.CreateAsync(app.Services, $"ib.{tag}@example.com", Roles.Interviewer);
        await w.AsHrAsync(async sp =>
        {
            var agencies = sp.GetRequiredService<AgencyService>();
            w.AgencyA = await agencies.SaveAsync(null, new AgencyForm { Name = $"猎头甲{tag}", ContactName = "王经理", ContactPhone = "13900001111" });
            w.AgencyB = await agencies.SaveAsync(null, new AgencyForm { Name = $"猎头乙{tag}", ContactName = "李经理" });
            w.Position = await sp.GetRequiredService<PositionService>().SaveAsync(null, new PositionForm { Title = $"后端工程师{tag}", Department = "研发部", Location = "上海", HiringOwnerId = w.Hr });
        });
        w.AgencyUserA = await w.CreateAgencyUserAsync($"agent.a.{tag}@example.com", w.AgencyA);
        w.AgencyUserB = await w.CreateAgencyUserAsync($"agent.b.{tag}@example.com", w.AgencyB);
        w.CandidateA = await w.AsAsync(w.AgencyUserA, [Roles.Agency], w.AgencyA, sp => CreateCandidateAsync(sp, "张三", TestPhones.Next(), w.Position));
        w.CandidateB = await w.AsAsync(w.AgencyUserB, [Roles.Agency], w.AgencyB, sp => CreateCandidateAsync(sp, "李四", TestPhones.Next(), w.Position));
        w.InterviewA = await w.ScheduleAsync(w.CandidateA, Tomorrow9Utc, w.InterviewerA);
        w.InterviewB = await w.ScheduleAsync(w.CandidateB, Tomorrow9Utc.AddHours(3), w.InterviewerB);
        return w;
    }

    public async Task<Guid> ScheduleAsync(Guid candidate, DateTime startUtc, params string[] panel)
    {
        var result = await AsHrAsync(sp => sp.GetRequiredService<InterviewService>().ScheduleAsync(new ScheduleForm
        {
            CandidateId = candidate, PositionId = Position, Round = InterviewRound.Technical, StartUtc = startUtc, DurationMinutes = 60, InterviewerIds = [.. panel],
        }));
        Assert.Null(result.Conflict);
        return result.InterviewId!.Value;
    }

    public Task AsHrAsync(Func<IServiceProvider, Task> work) => AsAsync(Hr, [Roles.HR], null, async sp => { await work(sp); return true; });

    public Task<T> AsHrAsync<T>(Func<IServiceProvider, Task<T>> work) => AsAsync(Hr, [Roles.HR], null, work);

    /// <summary>Runs <paramref name="work"/> in a fresh scope as the given user (with an agency claim when given).</summary>
    public async Task<T> AsAsync<T>(string userId, string[] roles, Guid? agency, Func<IServiceProvider, Task<T>> work)
    {
        await using var scope = App.Services.CreateAsyncScope();
        using var _ = AdminActor.As(scope.ServiceProvider, userId, roles, agency);
        return await work(scope.ServiceProvider);
    }

    private static async Task<Guid> CreateCandidateAsync(IServiceProvider sp, string name, string phone, Guid position)
    {
        var result = await sp.GetRequiredService<CandidateService>().CreateAsync(new CandidateForm { Name = name, Phone = phone, PositionIds = [position] });
        return result.CreatedId ?? throw new InvalidOperationException("duplicate");
    }

    private async Task<string> CreateAgencyUserAsync(string email, Guid agency)
    {
        var id = await TestUsers.CreateAsync(App.Services, email, Roles.Agency);
        await using var scope = App.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = await users.FindByIdAsync(id);
        user!.AgencyId = agency;
        await users.UpdateAsync(user);
        return id;
    }
}
