using InterviewPortal.Domain;
using InterviewPortal.Domain.Audit;
using InterviewPortal.Domain.Interviews;
using InterviewPortal.Domain.Scorecards;
using InterviewPortal.Web.Data;
using InterviewPortal.Web.Features.Audit;
using InterviewPortal.Web.Features.Recruiting;
using InterviewPortal.Web.Features.Shared;
using Microsoft.EntityFrameworkCore;

namespace InterviewPortal.Web.Features.Scorecards;

public sealed record RatingView(Guid CompetencyId, string Name, int? Score, string? Evidence);

public sealed record ScorecardView(
    Guid Id, string InterviewerId, string InterviewerName, int Version, ScorecardStatus Status, Recommendation? Recommendation,
    string? Strengths, string? Concerns, DateTime UpdatedAtUtc, DateTime? SubmittedAtUtc, IReadOnlyList<RatingView> Ratings,
    IReadOnlyList<ScorecardView> PreviousVersions);

public sealed record CompetencyRow(Guid Id, InterviewRound Round, int Order, string Name, string? Description);

public sealed record RecommendationRow(string InterviewerName, Recommendation Recommendation, int Version);

public sealed record ScorecardSummaryView(IReadOnlyList<CompetencyAverage> Averages, IReadOnlyList<RecommendationRow> Recommendations);

/// <summary>
/// What the caller may see of an interview's scorecards. <see cref="Others"/> is empty while the caller is blind
/// (<see cref="ScorecardAccess.OwnOnly"/>); <see cref="Summary"/> is HR's and Admin's only.
/// </summary>
public sealed record ScorecardBoard(
    Guid InterviewId, InterviewRound Round, ScorecardAccess Access, bool OnPanel, bool CanSubmit, ScorecardView? Mine,
    IReadOnlyList<CompetencyRow> Competencies, IReadOnlyList<ScorecardView> Others, IReadOnlyList<string> PendingNames,
    bool FeedbackExpected, ScorecardSummaryView? Summary)
{
    /// <summary>Until every panel member has submitted (once the interview has taken place).</summary>
    public bool FeedbackPending => FeedbackExpected && PendingNames.Count > 0;
}

public sealed class RatingForm
{
    public Guid CompetencyId { get; set; }

    public string Name { get; set; } = "";

    public string? Description { get; set; }

    public int? Score { get; set; }

    public string? Evidence { get; set; }
}

public sealed class ScorecardForm
{
    public List<RatingForm> Ratings { get; set; } = [];

    public Recommendation? Recommendation { get; set; }

    public string? Strengths { get; set; }

    public string? Concerns { get; set; }

    public static ScorecardForm For(ScorecardBoard board)
    {
        if (board.Mine is { Status: ScorecardStatus.Draft } draft)
        {
            return new ScorecardForm
            {
                Ratings = draft.Ratings.Select(r => new RatingForm
                {
                    CompetencyId = r.CompetencyId, Name = r.Name, Score = r.Score, Evidence = r.Evidence,
                    Description = board.Competencies.FirstOrDefault(c => c.Id == r.CompetencyId)?.Description,
                }).ToList(),
                Recommendation = draft.Recommendation,
                Strengths = draft.Strengths,
                Concerns = draft.Concerns,
            };
        }

        return new ScorecardForm
        {
            Ratings = board.Competencies.Select(c => new RatingForm { CompetencyId = c.Id, Name = c.Name, Description = c.Description }).ToList(),
        };
    }

    internal IReadOnlyList<RatingInput> Inputs() => Ratings.Select(r => new RatingInput(r.CompetencyId, r.Score, r.Evidence)).ToList();
}

/// <summary>
/// Scorecards: an interviewer writes their own (drafts, submit, amend), reads the others only after submitting; HR and
/// Admin read all and the summary; agencies and auditors read none. Every read of others' cards is audited.
/// </summary>
public sealed class ScorecardService(IDbContextFactory<AppDbContext> dbFactory, ClientOrigin origin, AuditTrail audit, TimeProvider clock)
{
    public async Task<ScorecardBoard?> GetAsync(Guid interviewId, CancellationToken ct = default)
    {
        var caller = await origin.GetCallerAsync();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var interview = await db.VisibleInterviews(caller).AsNoTracking().Include(i => i.Interviewers).FirstOrDefaultAsync(i => i.Id == interviewId, ct);
        if (interview is null)
        {
            return null;
        }

        var panel = interview.Interviewers.Select(p => p.UserId).ToList();
        var onPanel = panel.Contains(caller.UserId);
        var now = clock.GetUtcNow().UtcDateTime;
        var expected = ScorecardRules.FeedbackExpected(interview.Status, interview.StartUtc, now);
        if (caller.IsAgencyOnly)
        {
            // Agencies never see scorecards, nor who has or has not written one.
            return new ScorecardBoard(interviewId, interview.Round, ScorecardAccess.None, false, false, null, [], [], [], false, null);
        }

        var cards = await db.Scorecards.AsNoTracking().Include(s => s.Ratings).Where(s => s.InterviewId == interviewId).ToListAsync(ct);
        var submittedOwn = cards.Any(c => c.InterviewerId == caller.UserId && c.IsSubmitted);
        var access = ScorecardRules.AccessFor(caller.IsRecruiter, caller.IsAgencyOnly, onPanel, submittedOwn);
        var pending = ScorecardRules.Pending(panel, cards);
        var names = await db.Users.AsNoTracking().Where(u => panel.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
        string Name(string id) => names.GetValueOrDefault(id, id);

        var competencies = await db.Competencies.AsNoTracking().Where(c => c.Round == interview.Round).OrderBy(c => c.Order)
            .Select(c => new CompetencyRow(c.Id, c.Round, c.Order, c.Name, c.Description)).ToListAsync(ct);
        var mine = onPanel ? View(cards.Where(c => c.InterviewerId == caller.UserId).ToList(), Name, includeDraft: true) : null;
        var others = access == ScorecardAccess.All
            ? ScorecardRules.LatestSubmitted(cards).Where(c => c.InterviewerId != caller.UserId)
                .Select(c => View(cards.Where(x => x.InterviewerId == c.InterviewerId).ToList(), Name, includeDraft: false)!)
                .OrderBy(v => v.InterviewerName, StringComparer.CurrentCulture).ToList()
            : [];
        ScorecardSummaryView? summary = null;
        if (caller.IsRecruiter)
        {
            var latest = ScorecardRules.LatestSubmitted(cards);
            summary = new ScorecardSummaryView(
                ScorecardSummary.Averages(latest),
                latest.Select(c => new RecommendationRow(Name(c.InterviewerId), c.Recommendation!.Value, c.Version)).OrderBy(r => r.InterviewerName, StringComparer.CurrentCulture).ToList());
        }

        if (others.Count > 0)
        {
            await audit.RecordAsync(AuditActions.ScorecardsViewed, "Interview", interviewId.ToString(),
                $"{others.Count} scorecard(s) of others: {string.Join(", ", others.Select(o => $"{o.InterviewerId} v{o.Version}"))}", ct);
        }

        return new ScorecardBoard(interviewId, interview.Round, access, onPanel,
            onPanel && expected, mine, competencies, others, pending.Select(Name).ToList(), expected, summary);
    }

    /// <summary>Saves the caller's draft, starting version 1 when they have none.</summary>
    public async Task SaveDraftAsync(Guid interviewId, ScorecardForm form, CancellationToken ct = default)
    {
        var caller = await origin.GetCallerAsync();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var (_, draft) = await DraftAsync(db, caller, interviewId, ct);
        draft.Edit(form.Inputs(), form.Recommendation, form.Strengths, form.Concerns, clock.GetUtcNow().UtcDateTime);
        await SaveOrConflictAsync(db, ct);
        await tx.CommitAsync(ct);
    }

    /// <summary>Saves and submits the caller's draft; from then on it is read-only (an amendment is a new version).</summary>
    public async Task SubmitAsync(Guid interviewId, ScorecardForm form, CancellationToken ct = default)
    {
        var caller = await origin.GetCallerAsync();
        var e = await audit.DescribeAsync(new AuditEvent(AuditActions.ScorecardSubmitted, "Interview", interviewId.ToString()));
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var (interview, draft) = await DraftAsync(db, caller, interviewId, ct);
        ScorecardRules.RequireSubmittable(interview.Status, interview.StartUtc, now);
        draft.Edit(form.Inputs(), form.Recommendation, form.Strengths, form.Concerns, now);
        draft.Submit(now);
        // The seat remembers its first submission (the timeliness report and "feedback owed" read seats alone).
        var seat = await db.InterviewInterviewers.SingleAsync(p => p.InterviewId == interviewId && p.UserId == caller.UserId, ct);
        seat.RecordFeedbackSubmitted(now);
        await SaveOrConflictAsync(db, ct);
        var rated = draft.Ratings.Count(r => r.Score is not null);
        await audit.AppendAsync(db, e with
        {
            Action = draft.Version == 1 ? AuditActions.ScorecardSubmitted : AuditActions.ScorecardAmended,
            Summary = $"scorecard {draft.Id} v{draft.Version}: {draft.Recommendation}, {rated}/{draft.Ratings.Count} rated",
        }, ct);
        await tx.CommitAsync(ct);
    }

    /// <summary>Starts an amendment of the caller's submitted scorecard: a draft of the next version, copied from it.</summary>
    public async Task AmendAsync(Guid interviewId, CancellationToken ct = default)
    {
        var caller = await origin.GetCallerAsync();
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await PanelInterviewAsync(db, caller, interviewId, ct);
        var latest = await db.Scorecards.Include(s => s.Ratings).Where(s => s.InterviewId == interviewId && s.InterviewerId == caller.UserId)
            .OrderByDescending(s => s.Version).FirstOrDefaultAsync(ct) ?? throw new DomainException("ScorecardNotSubmitted");
        db.Scorecards.Add(latest.Amend(Guid.NewGuid(), now));
        await SaveOrConflictAsync(db, ct);
        await tx.CommitAsync(ct);
    }

    /// <summary>
    /// Interviews that have taken place and still wait for feedback: for HR/Admin every such interview, for an
    /// interviewer those where their own scorecard is missing; nothing for anyone else. With <paramref name="sinceUtc"/>
    /// only interviews that started since then (bounded on both sides, so the seats-by-start index gives the range).
    /// </summary>
    public async Task<int> PendingFeedbackCountAsync(DateTime? sinceUtc = null, CancellationToken ct = default)
    {
        var caller = await origin.GetCallerAsync();
        if (!caller.IsRecruiter && (caller.IsAgencyOnly || !caller.IsInterviewer))
        {
            return 0;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var seats = SeatsOwingFeedback(db, now);
        if (sinceUtc is { } since)
        {
            // An interview under way or done cannot have started more than its join window (minutes) after now.
            var until = now.AddDays(1);
            seats = seats.Where(p => p.StartUtc >= since && p.StartUtc <= until);
        }

        if (!caller.IsRecruiter)
        {
            seats = seats.Where(p => p.UserId == caller.UserId);
        }

        return await seats.Select(p => p.InterviewId).Distinct().CountAsync(ct);
    }

    /// <summary>
    /// The panel seats that owe a scorecard at <paramref name="nowUtc"/>: the interview has taken place or is under way
    /// (<see cref="ScorecardRules.FeedbackExpected"/>, as SQL) and that seat's scorecard is not submitted.
    /// </summary>
    internal static IQueryable<InterviewParticipant> SeatsOwingFeedback(AppDbContext db, DateTime nowUtc) =>
        db.InterviewInterviewers.AsNoTracking().Where(p =>
            (p.Status == InterviewStatus.InProgress || p.Status == InterviewStatus.Completed || (p.Status == InterviewStatus.Scheduled && p.StartUtc <= nowUtc))
            && p.FeedbackDelaySeconds == null);

    public async Task<IReadOnlyList<CompetencyRow>> CompetenciesAsync(CancellationToken ct = default)
    {
        var caller = await origin.GetCallerAsync();
        caller.RequireRecruiter();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Competencies.AsNoTracking().OrderBy(c => c.Round).ThenBy(c => c.Order)
            .Select(c => new CompetencyRow(c.Id, c.Round, c.Order, c.Name, c.Description)).ToListAsync(ct);
    }

    /// <summary>Replaces a round's competencies (4–6). Scorecards already started keep the names they copied.</summary>
    public async Task SaveCompetenciesAsync(InterviewRound round, IReadOnlyList<CompetencyInput> wanted, CancellationToken ct = default)
    {
        var caller = await origin.GetCallerAsync();
        caller.RequireRecruiter();
        var e = await audit.DescribeAsync(new AuditEvent(AuditActions.CompetenciesSaved, "Competencies", round.ToString()));
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var current = await db.Competencies.Where(c => c.Round == round).ToListAsync(ct);
        var (added, removed) = CompetencySet.Apply(round, current, wanted, Guid.NewGuid);
        db.Competencies.AddRange(added);
        db.Competencies.RemoveRange(removed);
        await db.SaveChangesAsync(ct);
        await audit.AppendAsync(db, e with { Summary = string.Join(" | ", current.Except(removed).Concat(added).OrderBy(c => c.Order).Select(c => c.Name)) }, ct);
        await tx.CommitAsync(ct);
    }

    private static async Task<Interview> PanelInterviewAsync(AppDbContext db, Caller caller, Guid interviewId, CancellationToken ct)
    {
        var interview = await db.Interviews.AsNoTracking().Include(i => i.Interviewers).FirstOrDefaultAsync(i => i.Id == interviewId, ct)
            ?? throw new DomainException("NotFound");
        // Only a panel member writes, and only their own: whatever their other roles.
        if (caller.IsAgencyOnly || interview.Interviewers.All(p => p.UserId != caller.UserId))
        {
            throw new DomainException("ScorecardNotOnPanel");
        }

        if (interview.Status is InterviewStatus.Cancelled)
        {
            throw new DomainException("ScorecardInterviewNotHeld");
        }

        return interview;
    }

    /// <summary>
    /// Saves; the same scorecard version written at the same moment from another tab or node (the unique version index)
    /// is told to the user as a change made meanwhile, to reload, not as an error page.
    /// </summary>
    private static async Task SaveOrConflictAsync(AppDbContext db, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (DbErrors.IsUniqueViolation(ex))
        {
            throw new DomainException("ScorecardChangedMeanwhile");
        }
    }

    /// <summary>The caller's editable draft: their latest version if it is a draft, else a new version 1.</summary>
    private async Task<(Interview Interview, Scorecard Draft)> DraftAsync(AppDbContext db, Caller caller, Guid interviewId, CancellationToken ct)
    {
        var interview = await PanelInterviewAsync(db, caller, interviewId, ct);
        var latest = await db.Scorecards.Include(s => s.Ratings).Where(s => s.InterviewId == interviewId && s.InterviewerId == caller.UserId)
            .OrderByDescending(s => s.Version).FirstOrDefaultAsync(ct);
        if (latest is not null)
        {
            // A submitted latest version is refused by the Domain: changing it takes an explicit amendment.
            return (interview, latest);
        }

        var competencies = await db.Competencies.AsNoTracking().Where(c => c.Round == interview.Round).ToListAsync(ct);
        var draft = Scorecard.Start(Guid.NewGuid(), interviewId, caller.UserId, competencies, clock.GetUtcNow().UtcDateTime);
        db.Scorecards.Add(draft);
        return (interview, draft);
    }

    private static ScorecardView? View(IReadOnlyList<Scorecard> versions, Func<string, string> name, bool includeDraft)
    {
        var shown = versions.Where(v => includeDraft || v.IsSubmitted).OrderByDescending(v => v.Version).ToList();
        if (shown.Count == 0)
        {
            return null;
        }

        ScorecardView One(Scorecard c, IReadOnlyList<ScorecardView> previous) => new(
            c.Id, c.InterviewerId, name(c.InterviewerId), c.Version, c.Status, c.Recommendation, c.Strengths, c.Concerns, c.UpdatedAtUtc, c.SubmittedAtUtc,
            c.Ratings.OrderBy(r => r.Order).Select(r => new RatingView(r.CompetencyId, r.CompetencyName, r.Score, r.Evidence)).ToList(), previous);
        return One(shown[0], shown.Skip(1).Where(v => v.IsSubmitted).Select(v => One(v, [])).ToList());
    }
}
