using System.Data.Common;
using System.Text.RegularExpressions;
using InterviewPortal.Domain.Identity;
using InterviewPortal.Domain.Interviews;
using InterviewPortal.Domain.Recruiting;
using InterviewPortal.Domain.Reminders;
using InterviewPortal.Tests.TestSupport;
using InterviewPortal.Web.Data;
using InterviewPortal.Web.Features.Interviews;
using InterviewPortal.Web.Features.Recruiting;
using InterviewPortal.Web.Features.Reminders;
using InterviewPortal.Web.Features.Reports;
using InterviewPortal.Web.Features.Shared;
using InterviewPortal.Web.Setup;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace InterviewPortal.Tests.Web.Recruiting;

/// <summary>
/// The list indexes are part of the feature: every statement the interviews list, the candidates list and the
/// calendar send, for every filter combination and every kind of caller, is explained by SQLite with its parameters
/// bound, and none may read a whole table and then sort it (figures and the index each query uses: docs/perf.md).
/// </summary>
public sealed class QueryPlanTests
{
    private static readonly string[] Watched = ["Interviews", "Candidates", "InterviewInterviewers"];

    [Fact]
    public async Task EveryListQuery_NeverScansAWholeTableAndSortsIt()
    {
        await using var testDb = TestDb.Create();
        var (options, recorder) = Recorded(testDb);
        var (agency, position) = await SeedAsync(options.Options);

        Caller[] callers =
        [
            new("admin", new HashSet<string> { Roles.Admin }, null),
            new("hr-interviewer", new HashSet<string> { Roles.HR, Roles.Interviewer }, null),
            new("agency-user", new HashSet<string> { Roles.Agency }, agency),
            new("interviewer", new HashSet<string> { Roles.Interviewer }, null),
        ];
        // A common name (more people than a list starts from), a very common one (read row by row), a rare one, and one
        // nobody has.
        string?[] names = ["王", "李", "王小", "欧阳"];
        var from = new DateTime(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc);
        foreach (var caller in callers)
        {
            for (var mask = 0; mask < 256; mask++)
            {
                foreach (var sort in Enum.GetValues<InterviewSort>())
                {
                    foreach (var name in (mask & 64) != 0 ? names : new string?[] { null })
                    {
                        var filter = new InterviewFilter(
                            (mask & 1) != 0 ? from : null, (mask & 1) != 0 ? from.AddDays(14) : null,
                            (mask & 2) != 0 ? InterviewStatus.Completed : null, (mask & 4) != 0 ? position : null,
                            (mask & 8) != 0 ? InterviewRound.Technical : null, (mask & 16) != 0 ? "interviewer" : null,
                            (mask & 32) != 0 ? agency : null, name, (mask & 128) != 0, sort);
                        await using var db = new SqliteDbContext(options.Options);
                        await InterviewService.ReadPageAsync(db, caller, filter, 0, 25, default);
                        if (mask == 0)
                        {
                            await InterviewService.ReadPageAsync(db, caller, filter, 7999, 25, default);
                        }
                    }
                }
            }

            for (var mask = 0; mask < 8; mask++)
            {
                foreach (var search in new string?[] { null, "王", "王小", "欧阳", "13800138000", "a@example.com" })
                {
                    await using var db = new SqliteDbContext(options.Options);
                    var filter = new CandidateFilter(search, (mask & 1) != 0 ? PipelineStage.Screening : null, (mask & 2) != 0 ? position : null, (mask & 4) != 0 ? agency : null);
                    await CandidateService.ReadPageAsync(db, caller, filter, 0, 25, default);
                }
            }

            foreach (var (interviewer, mine) in new[] { ((string?)null, false), ("interviewer", false), (null, true) })
            {
                await using var db = new SqliteDbContext(options.Options);
                await InterviewService.ReadCalendarAsync(db, caller, from, from.AddDays(7), interviewer, mine, 500, default);
            }
        }

        var violations = new List<string>();
        var statements = recorder.Statements.DistinctBy(s => s.Sql + string.Join(",", s.Parameters.Select(p => $"{p.ParameterName}={p.Value}"))).ToList();
        foreach (var statement in statements)
        {
            var plan = await ExplainAsync(testDb.ConnectionString, statement);
            if (FullScanWithTemporarySort(statement.Sql, plan) is { } problem)
            {
                violations.Add($"{problem}\n{statement.Sql}\n  -- {string.Join("\n  -- ", plan)}");
            }
        }

        Assert.True(statements.Count > 200, $"only {statements.Count} statements were explained");
        Assert.True(violations.Count == 0, string.Join("\n\n", violations.Take(5)));
    }

    [Fact]
    public async Task ACommonStatusWithAPositionOrAnAgency_IsReadFromThePositionOrAgencyIndex_ARareOneFromItsOwn()
    {
        // Without statistics SQLite would take the status index (a status is up to two thirds of all interviews) and
        // check the position row by row; the position and agency indexes cover the status, so they are the way in.
        await using var testDb = TestDb.Create();
        var (options, recorder) = Recorded(testDb);
        var (agency, position) = await SeedAsync(options.Options);
        var hr = new Caller("hr", new HashSet<string> { Roles.HR }, null);
        var agencyUser = new Caller("agency-user", new HashSet<string> { Roles.Agency }, agency);
        foreach (var (caller, filter) in new[]
        {
            (hr, new InterviewFilter(null, null, InterviewStatus.Completed, position, null, null, null, null, false, InterviewSort.StartAscending)),
            (hr, new InterviewFilter(null, null, InterviewStatus.Completed, null, InterviewRound.Technical, null, agency, null, false, InterviewSort.StartAscending)),
            (agencyUser, new InterviewFilter(null, null, InterviewStatus.Completed, null, null, null, null, null, false, InterviewSort.StartDescending)),
        })
        {
            await using var db = new SqliteDbContext(options.Options);
            await InterviewService.ReadPageAsync(db, caller, filter, 0, 25, default);
        }

        var plans = new List<string>();
        foreach (var statement in recorder.Statements.Where(s => s.Sql.Contains("\"Status\"", StringComparison.Ordinal)))
        {
            plans.AddRange(await ExplainAsync(testDb.ConnectionString, statement));
        }

        // A rare status (a no-show) is still the shorter range: read from its own index.
        recorder.Statements.Clear();
        await using (var db = new SqliteDbContext(options.Options))
        {
            await InterviewService.ReadPageAsync(db, hr, new InterviewFilter(null, null, InterviewStatus.NoShowCandidate, position, null, null, null, null, false, InterviewSort.StartAscending), 0, 25, default);
        }

        var rare = new List<string>();
        foreach (var statement in recorder.Statements.Where(s => s.Sql.Contains("\"Status\"", StringComparison.Ordinal)))
        {
            rare.AddRange(await ExplainAsync(testDb.ConnectionString, statement));
        }

        Assert.Contains(rare, p => p.Contains("IX_Interviews_Status_StartUtc", StringComparison.Ordinal));
        Assert.NotEmpty(plans);
        Assert.DoesNotContain(plans, p => p.Contains("IX_Interviews_Status_StartUtc", StringComparison.Ordinal));
        Assert.Contains(plans, p => p.Contains("IX_Interviews_PositionId_StartUtc", StringComparison.Ordinal));
        Assert.Contains(plans, p => p.Contains("IX_Interviews_AgencyId_StartUtc", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AStatusWithARareName_IsReadFromThatNamesPeople_NeverByWalkingTheStatus()
    {
        // Without the status kept out of the plan, SQLite walked every Completed interview (160,000 in the benchmark)
        // checking each against the few people; from their rows in the candidate index it is a few rows each.
        await using var testDb = TestDb.Create();
        var (options, recorder) = Recorded(testDb);
        var (agency, position) = await SeedAsync(options.Options);
        var hr = new Caller("hr", new HashSet<string> { Roles.HR }, null);
        foreach (var filter in new[]
        {
            new InterviewFilter(null, null, InterviewStatus.Completed, null, null, null, null, "王小明", false, InterviewSort.StartAscending),
            new InterviewFilter(null, null, InterviewStatus.NoShowCandidate, position, null, null, null, "王小明", false, InterviewSort.StartDescending),
            new InterviewFilter(null, null, InterviewStatus.Scheduled, null, InterviewRound.Technical, null, agency, "王小明", false, InterviewSort.StartAscending),
        })
        {
            await using var db = new SqliteDbContext(options.Options);
            await InterviewService.ReadPageAsync(db, hr, filter, 0, 25, default);
        }

        var plans = new List<string>();
        foreach (var statement in recorder.Statements.Where(s => s.Sql.Contains("\"Status\"", StringComparison.Ordinal) && s.Sql.Contains("\"CandidateId\"", StringComparison.Ordinal)))
        {
            plans.AddRange(await ExplainAsync(testDb.ConnectionString, statement));
        }

        Assert.NotEmpty(plans);
        Assert.Contains(plans, p => p.Contains("IX_Interviews_CandidateId_StartUtc", StringComparison.Ordinal));
        Assert.DoesNotContain(plans, p => p.Contains("IX_Interviews_Status", StringComparison.Ordinal));
    }

    [Fact]
    public async Task APositionsPage_IsItsNewestApplicants_WhetherTheyAreSortedOrTheListIsWalked()
    {
        await using var testDb = TestDb.Create();
        var options = new DbContextOptionsBuilder<SqliteDbContext>();
        DataSetup.ConfigureSqlite(options, testDb.ConnectionString);
        var (_, position) = await SeedAsync(options.Options);
        var hr = new Caller("hr", new HashSet<string> { Roles.HR }, null);
        await using var db = new SqliteDbContext(options.Options);
        // More applicants than the page sorts: the list is walked.
        Assert.True(await db.CandidatePositions.CountAsync(cp => cp.PositionId == position) > CandidateService.SortApplicantsUpTo);
        var expected = await db.Candidates.Where(c => c.Positions.Any(p => p.PositionId == position))
            .OrderByDescending(c => c.CreatedAtUtc).ThenByDescending(c => c.Id).Select(c => c.Id).ToListAsync();
        foreach (var page in new[] { 0, 1, 12 })
        {
            var read = await CandidateService.ReadPageAsync(db, hr, new CandidateFilter(PositionId: position), page, 25, default);
            Assert.Equal(expected.Skip(page * 25).Take(25), read.Rows.Select(r => r.Id));
        }

        // A few applicants of another position: sorted.
        var other = Position.Create(Guid.NewGuid(), "测试工程师", "研发部", "上海", "hr", [], DateTime.UtcNow);
        db.Positions.Add(other);
        var few = await db.Candidates.OrderBy(c => c.Id).Take(3).ToListAsync();
        few.ForEach(c => c.ApplyFor(other.Id, DateTime.UtcNow));
        await db.SaveChangesAsync();
        var small = await CandidateService.ReadPageAsync(db, hr, new CandidateFilter(PositionId: other.Id), 0, 25, default);
        Assert.Equal(few.OrderByDescending(c => c.CreatedAtUtc).ThenByDescending(c => c.Id).Select(c => c.Id), small.Rows.Select(r => r.Id));
    }

    [Fact]
    public async Task ARareNameWithAPosition_ListsOnlyThatNamesApplicantsOfThePosition_WithTheirCount_AndAnAgencySeesItsOwn()
    {
        await using var testDb = TestDb.Create();
        var options = new DbContextOptionsBuilder<SqliteDbContext>();
        DataSetup.ConfigureSqlite(options, testDb.ConnectionString);
        var (agency, position) = await SeedAsync(options.Options);
        var now = new DateTime(2026, 10, 2, 0, 0, 0, DateTimeKind.Utc);
        var other = Position.Create(Guid.NewGuid(), "测试工程师", "研发部", "上海", "hr", [], now);
        // Four 欧阳娜娜: two applied here (one through the agency), one elsewhere, one for both.
        var people = new[]
        {
            Candidate.Create(Guid.NewGuid(), "欧阳娜娜", "13811110001", null, CandidateSource.Direct, null, [position], "hr", now),
            Candidate.Create(Guid.NewGuid(), "欧阳娜娜", "13811110002", null, CandidateSource.Agency, agency, [position], "hr", now.AddHours(1)),
            Candidate.Create(Guid.NewGuid(), "欧阳娜娜", "13811110003", null, CandidateSource.Direct, null, [other.Id], "hr", now.AddHours(2)),
            Candidate.Create(Guid.NewGuid(), "欧阳娜娜", "13811110004", null, CandidateSource.Direct, null, [position, other.Id], "hr", now.AddHours(3)),
        };
        await using (var db = new SqliteDbContext(options.Options))
        {
            db.Positions.Add(other);
            db.Candidates.AddRange(people);
            await db.SaveChangesAsync();
        }

        await using var read = new SqliteDbContext(options.Options);
        var hr = new Caller("hr", new HashSet<string> { Roles.HR }, null);
        var list = await CandidateService.ReadPageAsync(read, hr, new CandidateFilter("欧阳娜娜", PositionId: position), 0, 25, default);
        Assert.Equal([people[3].Id, people[1].Id, people[0].Id], list.Rows.Select(r => r.Id));
        Assert.Equal(3, list.TotalCount);

        var agent = new Caller("agent", new HashSet<string> { Roles.Agency }, agency);
        var own = await CandidateService.ReadPageAsync(read, agent, new CandidateFilter("欧阳娜娜", PositionId: position), 0, 25, default);
        Assert.Equal([people[1].Id], own.Rows.Select(r => r.Id));
        Assert.Equal(1, own.TotalCount);
    }

    [Fact]
    public async Task ACommonOrVeryCommonName_ListsExactlyItsInterviews_InOrder_CountedUpToTheLimit_UnderEveryNarrowingFilter()
    {
        // A common name is read through its people as a set, a very common one row by row; either way the page and the
        // count are the ones the rules give, whatever else narrows the list.
        await using var testDb = TestDb.Create();
        var options = new DbContextOptionsBuilder<SqliteDbContext>();
        DataSetup.ConfigureSqlite(options, testDb.ConnectionString);
        var (agency, position) = await SeedAsync(options.Options);
        var now = new DateTime(2026, 10, 1, 0, 0, 0, DateTimeKind.Utc);
        var interviews = new List<Interview>();
        await using (var db = new SqliteDbContext(options.Options))
        {
            db.Users.Add(new ApplicationUser { Id = "p", UserName = "p@example.com", Email = "p@example.com", DisplayName = "p", CreatedAtUtc = now });
            var people = await db.Candidates.AsNoTracking().Select(c => new { c.Id, c.Name, c.AgencyId }).ToListAsync();
            var rounds = Enum.GetValues<InterviewRound>();
            // 900 interviews, each at its own hour, spread over both surnames and the rest.
            for (var k = 0; k < 900; k++)
            {
                var who = people[k * 7 % people.Count];
                interviews.Add(Interview.Schedule(Guid.NewGuid(), who.Id, position, who.AgencyId, rounds[k % rounds.Length], now.AddDays(1).AddHours(k * 37 % 900), 60, ["p"], null, null, "hr", now));
            }

            db.Interviews.AddRange(interviews);
            await db.SaveChangesAsync();
        }

        Dictionary<Guid, string> names;
        await using (var db = new SqliteDbContext(options.Options))
        {
            names = await db.Candidates.AsNoTracking().ToDictionaryAsync(c => c.Id, c => c.Name);
        }

        var hr = new Caller("hr", new HashSet<string> { Roles.HR }, null);
        var agent = new Caller("agent", new HashSet<string> { Roles.Agency }, agency);
        var middle = now.AddDays(1).AddHours(200);
        foreach (var name in new[] { "王", "李" })
        {
            foreach (var (caller, filter) in new[]
            {
                (hr, new InterviewFilter(Search: name)),
                (hr, new InterviewFilter(FromUtc: middle, ToUtc: middle.AddHours(500), Search: name)),
                (hr, new InterviewFilter(Round: InterviewRound.Technical, Search: name)),
                (hr, new InterviewFilter(FromUtc: middle, ToUtc: middle.AddHours(500), Round: InterviewRound.Technical, Search: name)),
                (hr, new InterviewFilter(Status: InterviewStatus.Scheduled, PositionId: position, Search: name)),
                (hr, new InterviewFilter(AgencyId: agency, Search: name)),
                (agent, new InterviewFilter(Search: name)),
            })
            {
                var matching = interviews.Where(i => names[i.CandidateId].Contains(name, StringComparison.Ordinal)
                    && (filter.FromUtc is null || i.StartUtc >= filter.FromUtc) && (filter.ToUtc is null || i.StartUtc < filter.ToUtc)
                    && (filter.Round is null || i.Round == filter.Round) && (filter.AgencyId is null || i.AgencyId == filter.AgencyId)
                    && (caller.AgencyId is null || i.AgencyId == caller.AgencyId)).ToList();
                foreach (var sort in Enum.GetValues<InterviewSort>())
                {
                    var ordered = (sort == InterviewSort.StartDescending ? matching.OrderByDescending(i => i.StartUtc) : matching.OrderBy(i => i.StartUtc)).Select(i => i.Id).ToList();
                    for (var page = 0; page < 2; page++)
                    {
                        await using var read = new SqliteDbContext(options.Options);
                        var result = await InterviewService.ReadPageAsync(read, caller, filter with { Sort = sort }, page, 25, default);
                        var because = $"{name}, {filter}, {sort}, page {page}";
                        Assert.True(ordered.Skip(page * 25).Take(25).SequenceEqual(result.Rows.Select(r => r.Id)), because);
                        Assert.True(Math.Min(ordered.Count, CandidateService.CommonNameCountLimit) == result.TotalCount, $"{because}: {ordered.Count} matching, {result.TotalCount} counted");
                        Assert.True((ordered.Count > CandidateService.CommonNameCountLimit) == result.TotalIsLowerBound, because);
                    }
                }
            }
        }
    }

    [Fact]
    public async Task AnInterviewerAndMine_ListsOnlyTheSharedPanels_InOrder_PageByPage_WithTheirCount()
    {
        await using var testDb = TestDb.Create();
        var options = new DbContextOptionsBuilder<SqliteDbContext>();
        DataSetup.ConfigureSqlite(options, testDb.ConnectionString);
        var (_, position) = await SeedAsync(options.Options);
        var now = new DateTime(2026, 10, 1, 0, 0, 0, DateTimeKind.Utc);
        List<Guid> shared = [];
        await using (var db = new SqliteDbContext(options.Options))
        {
            foreach (var id in new[] { "a", "b" })
            {
                db.Users.Add(new ApplicationUser { Id = id, UserName = $"{id}@example.com", Email = $"{id}@example.com", DisplayName = id, CreatedAtUtc = now });
            }

            var candidate = await db.Candidates.Select(c => c.Id).FirstAsync();
            // 40 interviews: every third has A alone, the rest A and B together, then 10 of B alone.
            for (var k = 0; k < 50; k++)
            {
                var panel = k >= 40 ? new[] { "b" } : k % 3 == 0 ? ["a"] : ["a", "b"];
                var interview = Interview.Schedule(Guid.NewGuid(), candidate, position, null, InterviewRound.Technical, now.AddDays(2).AddHours(k * 7 % 50), 60, panel, null, null, "a", now);
                db.Interviews.Add(interview);
                if (panel.Length == 2)
                {
                    shared.Add(interview.Id);
                }
            }

            await db.SaveChangesAsync();
        }

        var b = new Caller("b", new HashSet<string> { Roles.HR, Roles.Interviewer }, null);
        await using var read = new SqliteDbContext(options.Options);
        var starts = await read.Interviews.Where(i => shared.Contains(i.Id)).ToDictionaryAsync(i => i.Id, i => i.StartUtc);
        foreach (var sort in Enum.GetValues<InterviewSort>())
        {
            var expected = sort == InterviewSort.StartDescending
                ? shared.OrderByDescending(id => starts[id]).ThenByDescending(id => id).ToList()
                : shared.OrderBy(id => starts[id]).ThenBy(id => id).ToList();
            var seen = new List<Guid>();
            for (var page = 0; page < 5; page++)
            {
                var result = await InterviewService.ReadPageAsync(read, b, new InterviewFilter(InterviewerId: "a", Mine: true, Sort: sort), page, 7, default);
                Assert.Equal(expected.Count, result.TotalCount);
                seen.AddRange(result.Rows.Select(r => r.Id));
            }

            Assert.Equal(expected, seen);
        }
    }

    [Fact]
    public async Task InterviewerLoad_SeeksEachPersonsSeatsInTheRange_NeverReadsTheRangeInTimeOrderToRegroupIt()
    {
        await using var testDb = TestDb.Create();
        var (options, recorder) = Recorded(testDb);
        var (agency, position) = await SeedAsync(options.Options);
        foreach (var (caller, scope, what) in ReportCases(agency, position))
        {
            await using var db = new SqliteDbContext(options.Options);
            recorder.Statements.Clear();
            await ReportQueries.InterviewerLoadAsync(db, caller, scope, default);

            await AssertSeeksAsync(testDb, recorder.Statements.Last(), "InterviewInterviewers", "IX_InterviewInterviewers_UserId_StartUtc (UserId=? AND StartUtc>? AND StartUtc<?)", what);
        }
    }

    [Fact]
    public async Task NoShowRate_SeeksEachAgencysInterviewsInTheRange_AndTheDirectOnes_NeverReadsTheRangeInTimeOrderToRegroupIt()
    {
        await using var testDb = TestDb.Create();
        var (options, recorder) = Recorded(testDb);
        var (agency, position) = await SeedAsync(options.Options);
        foreach (var (caller, scope, what) in ReportCases(agency, position))
        {
            await using var db = new SqliteDbContext(options.Options);
            recorder.Statements.Clear();
            await ReportQueries.AttendanceAsync(db, caller, scope, default);

            var reads = recorder.Statements.Where(st => st.Sql.Contains("\"Interviews\"", StringComparison.Ordinal)).ToList();
            Assert.Equal(caller.IsAgencyOnly || scope.AgencyId is not null ? 1 : 2, reads.Count);
            foreach (var statement in reads)
            {
                await AssertSeeksAsync(testDb, statement, "Interviews", "IX_Interviews_AgencyId_StartUtc (AgencyId=? AND StartUtc>? AND StartUtc<?)", what);
            }
        }
    }

    /// <summary>HR and an agency user, over 4 and 52 weeks, and 52 weeks with the position, agency and round filters.</summary>
    private static IEnumerable<(Caller Caller, ReportScope Scope, string What)> ReportCases(Guid agency, Guid position)
    {
        Caller[] callers =
        [
            new("hr", new HashSet<string> { Roles.HR }, null),
            new("agency-user", new HashSet<string> { Roles.Agency }, agency),
        ];
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
        var to = new DateOnly(2026, 11, 22);
        foreach (var caller in callers)
        {
            foreach (var (weeks, filtered) in new[] { (4, false), (52, false), (52, true) })
            {
                var scope = ReportScope.For(to.AddDays(-7 * weeks + 1), to, zone, DateTime.UtcNow,
                    filtered ? position : null, filtered ? agency : null, filtered ? InterviewRound.Technical : null);
                yield return (caller, scope, $"{caller.UserId}, {weeks} weeks, filtered {filtered}");
            }
        }
    }

    /// <summary>The statement's plan seeks <paramref name="table"/> by <paramref name="index"/> and reads no watched table whole.</summary>
    private static async Task AssertSeeksAsync(TestDb testDb, Statement statement, string table, string index, string what)
    {
        var plan = await ExplainAsync(testDb.ConnectionString, statement);
        var alias = Regex.Match(statement.Sql, $"\"{table}\" AS \"(\\w+)\"").Groups[1].Value;
        Assert.True(plan.Any(step => step.StartsWith($"SEARCH {alias} USING COVERING INDEX {index}", StringComparison.Ordinal)),
            $"{what}:\n{statement.Sql}\n{string.Join("\n", plan)}");
        Assert.True(WholeTableRead(statement.Sql, plan) is null, string.Join("\n", plan));
    }

    [Fact]
    public async Task PlanCheck_FlagsAWholeTableReadAndSorted()
    {
        await using var testDb = TestDb.Create();
        var (options, recorder) = Recorded(testDb);
        await using (var db = new SqliteDbContext(options.Options))
        {
            // No index leads with the duration: SQLite reads every interview and sorts them.
            await db.Interviews.OrderBy(i => i.DurationMinutes).Take(25).Select(i => i.Id).ToListAsync();
            await db.Interviews.OrderBy(i => i.StartUtc).ThenBy(i => i.Id).Take(25).Select(i => i.Id).ToListAsync();
        }

        var bad = recorder.Statements[0];
        var good = recorder.Statements[1];

        Assert.NotNull(FullScanWithTemporarySort(bad.Sql, await ExplainAsync(testDb.ConnectionString, bad)));
        Assert.Null(FullScanWithTemporarySort(good.Sql, await ExplainAsync(testDb.ConnectionString, good)));
    }

    [Fact]
    public async Task ComposingAReminder_ReadsItsInterviewAndCandidateByKey_NeverEveryCandidate()
    {
        // A nested Select(new { … }).First() made EF Core number every candidate (ROW_NUMBER over the whole table) for
        // each reminder: 20 ms a message at 10,000 candidates.
        await using var testDb = TestDb.Create();
        var (options, recorder) = Recorded(testDb);
        var (_, position) = await SeedAsync(options.Options);
        var now = new DateTime(2026, 10, 1, 0, 0, 0, DateTimeKind.Utc);
        var candidate = Candidate.Create(Guid.NewGuid(), "李雷", "13600000000", "li@example.com", CandidateSource.Direct, null, [position], "hr", now);
        var interview = Interview.Schedule(Guid.NewGuid(), candidate.Id, position, null, InterviewRound.Technical, now.AddDays(2), 60, ["hr"], null, null, "hr", now);
        var reminder = Reminder.Plan(interview.Id, ReminderKind.DayBefore, ReminderChannel.Email, ReminderRecipientRole.Candidate, candidate.Id.ToString(), interview.Version, 0, now.AddDays(1), now);
        await using (var db = new SqliteDbContext(options.Options))
        {
            db.Users.Add(new ApplicationUser { Id = "hr", UserName = "hr@example.com", Email = "hr@example.com", DisplayName = "HR", CreatedAtUtc = now });
            db.AddRange(candidate, interview, reminder);
            await db.SaveChangesAsync();
        }

        await using var app = new PortalAppFactory();
        using var scope = app.Services.CreateScope();
        var composer = scope.ServiceProvider.GetRequiredService<ReminderComposer>();
        recorder.Statements.Clear();
        await using (var db = new SqliteDbContext(options.Options))
        {
            var composed = await composer.ComposeAsync(db, reminder, default);
            Assert.Equal("li@example.com", composed.Message?.To.Email);
        }

        Assert.NotEmpty(recorder.Statements);
        foreach (var statement in recorder.Statements)
        {
            var plan = await ExplainAsync(testDb.ConnectionString, statement);
            Assert.True(WholeTableRead(statement.Sql, plan) is null, $"{WholeTableRead(statement.Sql, plan)}\n{statement.Sql}\n{string.Join("\n", plan)}");
        }
    }

    /// <summary>Options for contexts on <paramref name="testDb"/> whose every statement the recorder keeps.</summary>
    private static (DbContextOptionsBuilder<SqliteDbContext> Options, StatementRecorder Recorder) Recorded(TestDb testDb)
    {
        var recorder = new StatementRecorder();
        var options = new DbContextOptionsBuilder<SqliteDbContext>();
        DataSetup.ConfigureSqlite(options, testDb.ConnectionString);
        options.AddInterceptors(recorder);
        return (options, recorder);
    }

    /// <summary>
    /// A description of the problem when the plan reads all of Interviews, Candidates or InterviewInterviewers (a
    /// SCAN, with or without an index) and also sorts with a temporary B-tree for ORDER BY; otherwise null.
    /// </summary>
    private static string? FullScanWithTemporarySort(string sql, IReadOnlyList<string> plan)
    {
        if (!plan.Any(p => p.Contains("USE TEMP B-TREE FOR ORDER BY", StringComparison.Ordinal)))
        {
            return null;
        }

        var aliases = Regex.Matches(sql, "\"(\\w+)\" AS \"(\\w+)\"").ToDictionary(m => m.Groups[2].Value, m => m.Groups[1].Value, StringComparer.Ordinal);
        foreach (var step in plan)
        {
            var scan = Regex.Match(step, "^SCAN (\\w+)");
            if (scan.Success && Watched.Contains(aliases.GetValueOrDefault(scan.Groups[1].Value, scan.Groups[1].Value)))
            {
                return $"full scan with a temporary sort: {step}";
            }
        }

        return null;
    }

    /// <summary>A description of the step that reads all of Interviews, Candidates or InterviewInterviewers; otherwise null.</summary>
    private static string? WholeTableRead(string sql, IReadOnlyList<string> plan)
    {
        var aliases = Regex.Matches(sql, "\"(\\w+)\" AS \"(\\w+)\"").ToDictionary(m => m.Groups[2].Value, m => m.Groups[1].Value, StringComparer.Ordinal);
        return plan.FirstOrDefault(step => Regex.Match(step, "^SCAN (\\w+)") is { Success: true } scan
            && Watched.Contains(aliases.GetValueOrDefault(scan.Groups[1].Value, scan.Groups[1].Value))) is { } found ? $"whole table read: {found}" : null;
    }

    private static async Task<List<string>> ExplainAsync(string connectionString, Statement statement)
    {
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "EXPLAIN QUERY PLAN " + statement.Sql;
        foreach (var p in statement.Parameters)
        {
            command.Parameters.Add(new SqliteParameter(p.ParameterName, p.Value ?? DBNull.Value) { SqliteType = p.SqliteType });
        }

        var plan = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            plan.Add(reader.GetString(3));
        }

        return plan;
    }

    /// <summary>
    /// An active agency, a position and 1,803 candidates: 301 share the surname 王, so a search for it is "common", and
    /// 1,501 the surname 李, one of the very common ones (<see cref="CandidateService.ManyNamesAbove"/>).
    /// </summary>
    private static async Task<(Guid Agency, Guid Position)> SeedAsync(DbContextOptions<SqliteDbContext> options)
    {
        var now = new DateTime(2026, 10, 1, 0, 0, 0, DateTimeKind.Utc);
        var agency = Agency.Create(Guid.NewGuid(), "猎头公司", "联系人", null, null, now);
        var position = Position.Create(Guid.NewGuid(), "后端工程师", "研发部", "上海", "hr", [], now);
        await using var db = new SqliteDbContext(options);
        db.Agencies.Add(agency);
        db.Positions.Add(position);
        await db.SaveChangesAsync();
        await using var tx = await db.Database.BeginTransactionAsync();
        var candidates = Enumerable.Range(0, CandidateService.RareNameLimit + 1)
            .Select(k => Candidate.Create(Guid.NewGuid(), $"王{(char)('甲' + k)}", $"139{k:D8}", null, CandidateSource.Agency, agency.Id, [position.Id], "hr", now))
            .Append(Candidate.Create(Guid.NewGuid(), "王小明", "13700000000", null, CandidateSource.Direct, null, [position.Id], "hr", now))
            .Concat(Enumerable.Range(0, CandidateService.ManyNamesAbove + 1)
                .Select(k => Candidate.Create(Guid.NewGuid(), $"李{(char)('甲' + k)}", $"136{k:D8}", null, CandidateSource.Direct, null, [position.Id], "hr", now)))
            .ToList();
        await db.BulkInsertAsync(candidates, default);
        await db.BulkInsertAsync(candidates.SelectMany(c => c.Positions).ToList(), default);
        await db.BulkInsertAsync(candidates.SelectMany(c => c.NameGrams).ToList(), default);
        await tx.CommitAsync();
        return (agency.Id, position.Id);
    }

    private sealed record Statement(string Sql, IReadOnlyList<SqliteParameter> Parameters);

    /// <summary>Keeps every statement EF Core sends, with copies of its parameters (name, value, type).</summary>
    private sealed class StatementRecorder : DbCommandInterceptor
    {
        public List<Statement> Statements { get; } = [];

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            Record(command);
            return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
        }

        public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
        {
            Record(command);
            return base.ReaderExecuting(command, eventData, result);
        }

        public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
        {
            Record(command);
            return base.ScalarExecutingAsync(command, eventData, result, cancellationToken);
        }

        private void Record(DbCommand command)
        {
            if (command.CommandText.TrimStart().StartsWith("SELECT", StringComparison.OrdinalIgnoreCase))
            {
                Statements.Add(new Statement(command.CommandText,
                    command.Parameters.Cast<SqliteParameter>().Select(p => new SqliteParameter(p.ParameterName, p.Value) { SqliteType = p.SqliteType }).ToList()));
            }
        }
    }
}
