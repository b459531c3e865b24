using InterviewPortal.Domain;
using InterviewPortal.Domain.Identity;
using InterviewPortal.Tests.TestSupport;
using InterviewPortal.Web.Features.Recruiting;
using Microsoft.Extensions.DependencyInjection;

namespace InterviewPortal.Tests.Web.Recruiting;

/// <summary>The searches behind the interviews list's position, interviewer and agency pickers.</summary>
[Collection(PortalHostCollection.Name)]
public sealed class PickerSearchTests(PortalAppFactoryFixture app) : IClassFixture<PortalAppFactoryFixture>
{
    [Fact]
    public async Task PositionSearch_FindsTitlesContainingTheText_IgnoringTheCaseOfLatinLetters_AndTakingLikeWildcardsLiterally()
    {
        var w = await RecruitingWorld.CreateAsync(app.Factory);
        var tag = Guid.NewGuid().ToString("N")[..6];
        await w.AsHrAsync(async sp =>
        {
            foreach (var title in new[] { $"{tag} Go_Dev", $"{tag} GoXDev", $"{tag} go_dev 100%", $"{tag} go_dev 1000" })
            {
                await sp.GetRequiredService<PositionService>().SaveAsync(null, new PositionForm { Title = title, Department = "研发部", Location = "上海", HiringOwnerId = w.Hr });
            }
        });

        var underscore = await w.AsHrAsync(sp => sp.GetRequiredService<PositionService>().FindAsync($"{tag} GO_DEV", 10));
        var percent = await w.AsHrAsync(sp => sp.GetRequiredService<PositionService>().FindAsync($"{tag} go_dev 100%", 10));
        var limited = await w.AsHrAsync(sp => sp.GetRequiredService<PositionService>().FindAsync(tag, 2));

        Assert.Equal([$"{tag} Go_Dev", $"{tag} go_dev 100%", $"{tag} go_dev 1000"], underscore.Select(p => p.Title).Order(StringComparer.Ordinal));
        Assert.Equal($"{tag} go_dev 100%", Assert.Single(percent).Title);
        Assert.Equal(2, limited.Count);
    }

    [Fact]
    public async Task PeopleSearch_FindsInterviewersByNameOrEmail_AndTheLookupByIdNamesThem()
    {
        var w = await RecruitingWorld.CreateAsync(app.Factory);
        var interviewerA = (await w.AsHrAsync(sp => sp.GetRequiredService<PositionService>().PersonAsync(Roles.Interviewer, w.InterviewerA)))!;

        var byEmail = await w.AsHrAsync(sp => sp.GetRequiredService<PositionService>().FindPeopleAsync(Roles.Interviewer, interviewerA.Email.ToUpperInvariant(), 10));
        var byName = await w.AsHrAsync(sp => sp.GetRequiredService<PositionService>().FindPeopleAsync(Roles.Interviewer, interviewerA.Name, 10));

        Assert.Equal(w.InterviewerA, Assert.Single(byEmail).Id);
        Assert.Equal(w.InterviewerA, Assert.Single(byName).Id);
    }

    [Fact]
    public async Task PersonLookup_NamesNoOneThePeopleSearchWouldNotOffer()
    {
        var w = await RecruitingWorld.CreateAsync(app.Factory);

        var agencyUser = await w.AsHrAsync(sp => sp.GetRequiredService<PositionService>().PersonAsync(Roles.Interviewer, w.AgencyUserA));
        var hr = await w.AsHrAsync(sp => sp.GetRequiredService<PositionService>().PersonAsync(Roles.Interviewer, w.Hr));

        Assert.Null(agencyUser);
        Assert.Equal(w.Hr, hr?.Id);
    }

    [Fact]
    public async Task AgencyUsers_AreRefusedEveryPickerSearch()
    {
        var w = await RecruitingWorld.CreateAsync(app.Factory);

        Task<T> AsAgencyAsync<T>(Func<IServiceProvider, Task<T>> work) => w.AsAsync(w.AgencyUserA, [Roles.Agency], w.AgencyA, work);
        var refusals = new[]
        {
            await Assert.ThrowsAsync<DomainException>(() => AsAgencyAsync(sp => sp.GetRequiredService<PositionService>().FindAsync("", 10))),
            await Assert.ThrowsAsync<DomainException>(() => AsAgencyAsync(sp => sp.GetRequiredService<PositionService>().FindAsync(w.Position))),
            await Assert.ThrowsAsync<DomainException>(() => AsAgencyAsync(sp => sp.GetRequiredService<PositionService>().FindPeopleAsync(Roles.Interviewer, "", 10))),
            await Assert.ThrowsAsync<DomainException>(() => AsAgencyAsync(sp => sp.GetRequiredService<PositionService>().PersonAsync(Roles.Interviewer, w.InterviewerA))),
            await Assert.ThrowsAsync<DomainException>(() => AsAgencyAsync(sp => sp.GetRequiredService<AgencyService>().FindAsync("", 10))),
            await Assert.ThrowsAsync<DomainException>(() => AsAgencyAsync(sp => sp.GetRequiredService<AgencyService>().FindAsync(w.AgencyB))),
        };

        Assert.All(refusals, e => Assert.Equal("NotAllowed", e.MessageKey));
    }
}
