using System.Linq.Expressions;
using InterviewPortal.Domain;
using InterviewPortal.Domain.Audit;
using InterviewPortal.Domain.Interviews;
using InterviewPortal.Domain.Recruiting;
using InterviewPortal.Web.Data;
using InterviewPortal.Web.Features.Audit;
using InterviewPortal.Web.Features.Shared;
using Microsoft.EntityFrameworkCore;

namespace InterviewPortal.Web.Features.Recruiting;

public sealed record CandidateFilter(string? Search = null, PipelineStage? Stage = null, Guid? PositionId = null, Guid? AgencyId = null);

public sealed record CandidateRow(Guid Id, string Name, string MaskedPhone, string? MaskedEmail, PipelineStage Stage, CandidateSource Source, string? AgencyName, DateTime CreatedAtUtc, DateTime StageEnteredAtUtc);

/// <summary>A page of the list; when <paramref name="TotalIsLowerBound"/> is set the list has more than <paramref name="TotalCount"/> rows ("1,000+").</summary>
public sealed record CandidatePage(IReadOnlyList<CandidateRow> Rows, int TotalCount, bool TotalIsLowerBound = false);

public sealed record CandidateInterview(Guid Id, InterviewRound Round, DateTime StartUtc, int DurationMinutes, InterviewStatus Status, string PositionTitle);

public sealed record CandidateDetails(
    Guid Id, string Name, string Phone, string? Email, CandidateSource Source, Guid? AgencyId, string? AgencyName,
    PipelineStage Stage, DateTime CreatedAtUtc, IReadOnlyList<(Guid Id, string Title)> Positions,
    IReadOnlyList<StageChange> History, IReadOnlyList<CandidateInterview> Interviews, bool CanManage,
    bool ContactMasked = false, DateTime? AnonymisedAtUtc = null, bool CanHandleSubjectRequests = false, string? Language = null);

public sealed class CandidateForm
{
    public string Name { get; set; } = "";

    public string Phone { get; set; } = "";

    public string? Email { get; set; }

    /// <summary>The language messages to the candidate are written in (<see cref="Candidate.Languages"/>); null: Chinese.</summary>
    public string? Language { get; set; }

    public CandidateSource Source { get; set; } = CandidateSource.Direct;

    public Guid? AgencyId { get; set; }

    public HashSet<Guid> PositionIds { get; set; } = [];
}

/// <summary>A name search's candidates: a few ids, or (for a common name) the query that finds them.</summary>
internal sealed record NameMatches(List<Guid>? Few, string Key, string? Verify, bool Many = false)
{
    /// <summary>A common name: its lists are counted only up to <see cref="CandidateService.CommonNameCountLimit"/>.</summary>
    public bool IsCommon => Few is null;
}

/// <summary>An existing candidate with the same phone or email, as far as the caller may see it.</summary>
public sealed record DuplicateCandidate(Guid Id, string Name, string MaskedPhone, PipelineStage Stage);

public sealed record CandidateSaveResult(Guid? CreatedId, DuplicateCandidate? Duplicate);

/// <summary>
/// Candidates. Admin and HR see all; an agency user sees and files only their agency's candidates (the agency is
/// taken from the caller, never from the form); an interviewer sees the candidates of their interviews.
/// </summary>
public sealed class CandidateService(IDbContextFactory<AppDbContext> dbFactory, ClientOrigin origin, AuditTrail audit, TimeProvider clock)
{
    public const int MaxPageSize = 100;

    /// <summary>A narrowed list is counted up to this many rows; beyond it the total reads "1,000+".</summary>
    public const int CountLimit = 1000;

    /// <summary>Up to this many candidates, a name search's lists start from them (see <see cref="NameMatchesAsync"/>).</summary>
    internal const int RareNameLimit = 300;

    /// <summary>
    /// Above this many candidates a common name is one of the few very common surnames (王, 李, 张: several percent of
    /// everyone each), whose rows are dense enough in any list that checking rows one by one finds a page soon; up to
    /// it, a list is cheaper read through the name's people (<see cref="NameMatches.Many"/>, docs/perf.md).
    /// </summary>
    internal const int ManyNamesAbove = 1500;

    /// <summary>
    /// A list narrowed by a common name (a surname) checks its rows one by one, so it is counted only this far
    /// ("200+"); a longer name narrows it.
    /// </summary>
    public const int CommonNameCountLimit = 200;

    /// <summary>The row check <paramref name="check"/> applied to the key <paramref name="key"/> picks from a row.</summary>
    internal static Expression<Func<T, bool>> Compose<T>(Expression<Func<Guid, bool>> check, Expression<Func<T, Guid>> key) =>
        Expression.Lambda<Func<T, bool>>(new ParameterSwap(check.Parameters[0], key.Body).Visit(check.Body)!, key.Parameters);

    private sealed class ParameterSwap(ParameterExpression from, Expression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : base.VisitParameter(node);
    }

    public async Task<CandidatePage> ListAsync(CandidateFilter filter, int page, int pageSize, CancellationToken ct = default)
    {
        var caller = await origin.GetCallerAsync();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await ReadPageAsync(db, caller, filter, page, pageSize, ct);
    }

    /// <summary>
    /// The list's reads (count and page); the query-plan test and the benchmark run exactly these. The whole list is
    /// counted exactly; a narrowed one up to <see cref="CountLimit"/> + 1 rows, then shown as "1,000+" (docs/perf.md).
    /// </summary>
    /// <summary>Up to this many applicants of a position, the page sorts them; above it walks the list's order (docs/perf.md).</summary>
    internal const int SortApplicantsUpTo = 300;

    internal static async Task<CandidatePage> ReadPageAsync(AppDbContext db, Caller caller, CandidateFilter filter, int page, int pageSize, CancellationToken ct)
    {
        pageSize = Math.Clamp(pageSize, 1, MaxPageSize);
        var skip = Math.Max(page, 0) * pageSize;
        var q = db.VisibleCandidates(caller).AsNoTracking();
        var limit = CountLimit;
        var fromFew = false;
        if (filter.Search?.Trim() is { Length: > 0 } s)
        {
            // A phone number or an e-mail address finds by equality; anything else is a name to look for.
            if (PhoneNumber.TryNormalize(s, out var phone))
            {
                q = q.Where(c => c.Phone == phone);
            }
            else if (s.Contains('@'))
            {
                var email = s.ToLowerInvariant();
                q = q.Where(c => c.Email == email);
            }
            else
            {
                var named = (await NameMatchesAsync(db, s, ct))!;
                if (named.Few is { Count: 0 })
                {
                    // Nobody has the name: nothing to read.
                    return new CandidatePage([], 0);
                }

                if (named.Few is { } few)
                {
                    q = q.Where(c => few.Contains(c.Id));
                    fromFew = true;
                }
                else
                {
                    var isNamed = IsNamed(db, named);
                    q = q.Where(Compose(isNamed, (Candidate c) => c.Id));
                }

                limit = named.IsCommon ? CommonNameCountLimit : CountLimit;
            }
        }

        if (filter.Stage is { } stage)
        {
            q = q.Where(c => c.Stage == stage);
        }

        if (filter.AgencyId is { } agency)
        {
            q = q.Where(c => c.AgencyId == agency);
        }

        // A position's applicants are counted from the position's index (an IN list SQLite starts from). The page then
        // sorts those applicants when they are few, or, when they are many, walks the list's own order and checks each
        // candidate's application by its key: a short walk finds a page, where sorting would take thousands of rows.
        // A rare name's few people are the shorter way in still: each is checked by the application's key, where the IN
        // list would first gather every applicant of the position (5,800 for the busiest: 2 ms, against 0.1 ms).
        var paged = q;
        if (filter.PositionId is { } position)
        {
            var applicants = db.CandidatePositions.Where(cp => cp.PositionId == position).Select(cp => cp.CandidateId);
            paged = q.Where(c => db.CandidatePositions.Any(cp => cp.PositionId == position && cp.CandidateId == c.Id));
            q = fromFew ? paged : q.Where(c => applicants.Contains(c.Id));
        }

        var whole = caller.IsRecruiter && string.IsNullOrWhiteSpace(filter.Search) && filter is { Stage: null, PositionId: null, AgencyId: null };
        var total = whole ? await q.CountAsync(ct) : await q.Take(limit + 1).CountAsync(ct);
        if (filter.PositionId is null || total <= SortApplicantsUpTo)
        {
            paged = q;
        }

        var ids = await paged.OrderByDescending(c => c.CreatedAtUtc).ThenByDescending(c => c.Id).Skip(skip).Take(pageSize).Select(c => c.Id).ToListAsync(ct);
        var rows = ids.Count == 0 ? [] : await db.Candidates.AsNoTracking().Where(c => ids.Contains(c.Id))
            .Select(c => new
            {
                c.Id, c.Name, c.Phone, c.Email, c.Stage, c.Source, c.CreatedAtUtc, c.StageEnteredAtUtc,
                Agency = db.Agencies.Where(a => a.Id == c.AgencyId).Select(a => a.Name).FirstOrDefault(),
            })
            .ToListAsync(ct);
        return new CandidatePage(
            rows.OrderBy(c => ids.IndexOf(c.Id))
                .Select(c => new CandidateRow(c.Id, c.Name, ContactMasking.Phone(c.Phone), ContactMasking.Email(c.Email), c.Stage, c.Source, c.Agency, c.CreatedAtUtc, c.StageEnteredAtUtc)).ToList(),
            whole ? total : Math.Min(total, limit), !whole && total > limit);
    }

    /// <summary>
    /// The candidates whose name contains <paramref name="text"/> (case aside), or null without a search; for a list to
    /// keep those of its rows. Read from the name pieces (<see cref="CandidateNameGram"/>), never by reading every name.
    /// A rare name's few candidates come as ids, so a list starts from them; a common one (a surname) as a query the
    /// list checks its rows against while it walks its own order.
    /// </summary>
    /// <summary>
    /// The name's matches as a set to start from: counting a common name's rows goes through its people (each has a
    /// few rows, in the lists' candidate index) and stops at the limit, with no order to keep.
    /// </summary>
    internal static IQueryable<Guid> Matches(AppDbContext db, NameMatches named)
    {
        var (key, verify) = (named.Key, named.Verify);
        var matches = db.CandidateNameGrams.Where(g => g.Gram == key).Select(g => g.CandidateId);
        return verify is null ? matches : matches.Where(id => db.Candidates.Any(c => c.Id == id && c.Name.ToLower().Contains(verify)));
    }

    /// <param name="gauge">Whether a common name is also told apart from the very common ones (<see cref="NameMatches.Many"/>), which the interviews list reads differently.</param>
    internal static async Task<NameMatches?> NameMatchesAsync(AppDbContext db, string? text, CancellationToken ct, bool gauge = false)
    {
        var t = text?.Trim() ?? "";
        if (t.Length == 0)
        {
            return null;
        }

        if (CandidateNameGram.SearchKey(t) is not { } key)
        {
            return new NameMatches([], "", null);
        }

        var lower = CandidateNameGram.Normalize(t);
        var verify = key != lower ? lower : null;
        var matches = db.CandidateNameGrams.Where(g => g.Gram == key).Select(g => g.CandidateId);
        if (verify is not null)
        {
            // Found by one of its pieces: then checked against the name itself.
            matches = matches.Where(id => db.Candidates.Any(c => c.Id == id && c.Name.ToLower().Contains(verify)));
        }

        var few = await matches.Take(RareNameLimit + 1).ToListAsync(ct);
        return few.Count <= RareNameLimit
            ? new NameMatches(few, key, verify)
            : new NameMatches(null, key, verify, Many: gauge && await matches.Take(ManyNamesAbove + 1).CountAsync(ct) > ManyNamesAbove);
    }

    /// <summary>
    /// Whether a candidate is one of the name's matches. For a common name it is a check of one row (a key lookup), so
    /// a page walks its list's own order and checks rows as it goes rather than collecting thousands of people first
    /// and sorting their rows.
    /// </summary>
    internal static Expression<Func<Guid, bool>> IsNamed(AppDbContext db, NameMatches named)
    {
        if (named.Few is { } few)
        {
            return id => few.Contains(id);
        }

        var (key, verify) = (named.Key, named.Verify);
        return verify is null
            ? id => db.CandidateNameGrams.Any(g => g.Gram == key && g.CandidateId == id)
            : id => db.CandidateNameGrams.Any(g => g.Gram == key && g.CandidateId == id) && db.Candidates.Any(c => c.Id == id && c.Name.ToLower().Contains(verify));
    }

    /// <summary>The candidate's profile, or null when it does not exist or the caller may not see it (a 404 either way).</summary>
    public async Task<CandidateDetails?> GetAsync(Guid id, CancellationToken ct = default)
    {
        var caller = await origin.GetCallerAsync();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var c = await db.VisibleCandidates(caller).AsNoTracking().Include(x => x.History).Include(x => x.Positions).FirstOrDefaultAsync(x => x.Id == id, ct);
        if (c is null)
        {
            return null;
        }

        var positionIds = c.Positions.Select(p => p.PositionId).ToList();
        var positions = await db.Positions.AsNoTracking().Where(p => positionIds.Contains(p.Id)).OrderBy(p => p.Title).Select(p => new { p.Id, p.Title }).ToListAsync(ct);
        var interviews = await db.VisibleInterviews(caller).AsNoTracking().Where(i => i.CandidateId == id).OrderByDescending(i => i.StartUtc)
            .Select(i => new CandidateInterview(i.Id, i.Round, i.StartUtc, i.DurationMinutes, i.Status, db.Positions.Where(p => p.Id == i.PositionId).Select(p => p.Title).First()))
            .ToListAsync(ct);
        var agency = c.AgencyId is null ? null : await db.Agencies.Where(a => a.Id == c.AgencyId).Select(a => a.Name).FirstOrDefaultAsync(ct);
        var sourcingAgency = caller.IsAgencyOnly && c.AgencyId == caller.AgencyId;
        var (phone, email) = ContactMasking.For(ContactPlace.Details, caller.IsRecruiter, sourcingAgency, c.Phone, c.Email);
        return new CandidateDetails(c.Id, c.Name, phone, email, c.Source, c.AgencyId, agency, c.Stage, c.CreatedAtUtc,
            positions.Select(p => (p.Id, p.Title)).ToList(),
            // Agencies see the stages, not HR's reasons for them.
            c.History.OrderBy(h => h.AtUtc).Select(h => caller.IsAgencyOnly ? h with { Reason = null } : h).ToList(),
            interviews, caller.IsRecruiter && !c.IsAnonymised,
            !ContactMasking.ShowsFull(ContactPlace.Details, caller.IsRecruiter, sourcingAgency), c.AnonymisedAtUtc, caller.IsRecruiter, c.Language);
    }

    /// <summary>Records that the caller opened a candidate's full profile (personal data).</summary>
    public async Task RecordViewAsync(Guid id, CancellationToken ct = default) =>
        await audit.RecordAsync(AuditActions.CandidateViewed, "Candidate", id.ToString(), ct: ct);

    /// <summary>
    /// Creates a candidate, unless one with the same phone or email exists: then nothing is written and the duplicate
    /// is returned (or, when the caller may not see it, refused without naming it) so HR can merge or cancel.
    /// </summary>
    public async Task<CandidateSaveResult> CreateAsync(CandidateForm form, CancellationToken ct = default)
    {
        var caller = await origin.GetCallerAsync();
        if (!caller.IsRecruiter && !caller.IsAgencyOnly)
        {
            throw new DomainException("NotAllowed");
        }

        var (source, agencyId) = SourceFor(caller, form);
        var e = await audit.DescribeAsync(new AuditEvent(AuditActions.CandidateCreated, "Candidate"));
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (caller.IsAgencyOnly && !await db.Agencies.AnyAsync(a => a.Id == agencyId && a.Status == AgencyStatus.Active, ct))
        {
            throw new DomainException("NotAllowed");
        }

        var candidate = Candidate.Create(Guid.NewGuid(), form.Name, form.Phone, form.Email, source, agencyId, form.PositionIds, caller.UserId, clock.GetUtcNow().UtcDateTime);
        candidate.PreferLanguage(form.Language);
        await CheckPositionsAsync(db, caller, form.PositionIds, ct);
        var duplicate = await FindDuplicateAsync(db, caller, candidate.Phone, candidate.Email, null, ct);
        if (duplicate is not null)
        {
            return new CandidateSaveResult(null, duplicate);
        }

        db.Candidates.Add(candidate);
        await db.SaveChangesAsync(ct);
        await audit.AppendAsync(db, e with { TargetId = candidate.Id.ToString(), Summary = $"source {source}{(agencyId is null ? "" : $", agency {agencyId}")}" }, ct);
        await tx.CommitAsync(ct);
        return new CandidateSaveResult(candidate.Id, null);
    }

    /// <summary>Merging a would-be duplicate: the existing candidate also applies for the form's positions.</summary>
    public async Task MergeIntoAsync(Guid existingId, CandidateForm form, CancellationToken ct = default)
    {
        var caller = await origin.GetCallerAsync();
        if (!caller.IsRecruiter && !caller.IsAgencyOnly)
        {
            throw new DomainException("NotAllowed");
        }

        var e = await audit.DescribeAsync(new AuditEvent(AuditActions.CandidateUpdated, "Candidate", existingId.ToString()));
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var candidate = await db.VisibleCandidates(caller).Include(c => c.Positions).FirstOrDefaultAsync(c => c.Id == existingId, ct)
            ?? throw new DomainException("NotFound");
        await CheckPositionsAsync(db, caller, form.PositionIds, ct);
        foreach (var p in form.PositionIds)
        {
            candidate.ApplyFor(p, clock.GetUtcNow().UtcDateTime);
        }

        await db.SaveChangesAsync(ct);
        await audit.AppendAsync(db, e with { Summary = $"merged a duplicate entry; positions +{form.PositionIds.Count}" }, ct);
        await tx.CommitAsync(ct);
    }

    public async Task UpdateAsync(Guid id, CandidateForm form, CancellationToken ct = default)
    {
        var caller = await origin.GetCallerAsync();
        var (source, agencyId) = SourceFor(caller, form);
        var e = await audit.DescribeAsync(new AuditEvent(AuditActions.CandidateUpdated, "Candidate", id.ToString()));
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var candidate = await db.VisibleCandidates(caller).Include(c => c.Positions).Include(c => c.NameGrams).FirstOrDefaultAsync(c => c.Id == id, ct)
            ?? throw new DomainException("NotFound");
        if (!caller.IsRecruiter && !caller.IsAgencyOnly)
        {
            throw new DomainException("NotAllowed");
        }

        candidate.Update(form.Name, form.Phone, form.Email, source, agencyId);
        candidate.PreferLanguage(form.Language);
        if (await FindDuplicateAsync(db, caller, candidate.Phone, candidate.Email, id, ct) is { } duplicate)
        {
            throw new DomainException("CandidateDuplicateOf", duplicate.Name);
        }

        await CheckPositionsAsync(db, caller, form.PositionIds, ct);
        foreach (var p in form.PositionIds)
        {
            candidate.ApplyFor(p, clock.GetUtcNow().UtcDateTime);
        }

        await db.SaveChangesAsync(ct);
        await audit.AppendAsync(db, e, ct);
        await tx.CommitAsync(ct);
    }

    public async Task MoveStageAsync(Guid id, PipelineStage stage, string? reason, CancellationToken ct = default)
    {
        var caller = await origin.GetCallerAsync();
        caller.RequireRecruiter();
        var e = await audit.DescribeAsync(new AuditEvent(AuditActions.CandidateStageChanged, "Candidate", id.ToString()));
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var candidate = await db.Candidates.FirstOrDefaultAsync(c => c.Id == id, ct) ?? throw new DomainException("NotFound");
        var change = candidate.MoveTo(stage, reason, caller.UserId, clock.GetUtcNow().UtcDateTime);
        db.CandidateStageChanges.Add(change);
        await db.SaveChangesAsync(ct);
        await audit.AppendAsync(db, e with { Summary = $"{change.From} -> {change.To}" }, ct);
        await tx.CommitAsync(ct);
    }

    private static (CandidateSource Source, Guid? AgencyId) SourceFor(Caller caller, CandidateForm form)
    {
        if (caller.IsAgencyOnly)
        {
            // An agency files candidates for itself only, whatever the form says.
            return (CandidateSource.Agency, caller.AgencyId ?? throw new DomainException("NotAllowed"));
        }

        return (form.Source, form.Source == CandidateSource.Agency ? form.AgencyId : null);
    }

    private static async Task CheckPositionsAsync(AppDbContext db, Caller caller, IReadOnlyCollection<Guid> ids, CancellationToken ct)
    {
        if (ids.Count == 0)
        {
            return;
        }

        var known = await db.Positions.CountAsync(p => ids.Contains(p.Id) && (p.IsOpen || caller.IsRecruiter), ct);
        if (known != ids.Count)
        {
            throw new DomainException("CandidatePositionUnknown");
        }
    }

    private static async Task<DuplicateCandidate?> FindDuplicateAsync(AppDbContext db, Caller caller, string phone, string? email, Guid? except, CancellationToken ct)
    {
        var match = await db.Candidates.AsNoTracking()
            .Where(c => c.Id != except && (c.Phone == phone || (email != null && c.Email == email)))
            .Select(c => new { c.Id, c.Name, c.Phone, c.Stage, c.AgencyId })
            .FirstOrDefaultAsync(ct);
        if (match is null)
        {
            return null;
        }

        var visible = caller.IsRecruiter || (caller.IsAgencyOnly && match.AgencyId == caller.AgencyId);
        if (!visible)
        {
            // Never tell one agency about another's candidate.
            throw new DomainException("CandidateExistsElsewhere");
        }

        return new DuplicateCandidate(match.Id, match.Name, PhoneNumber.Mask(match.Phone), match.Stage);
    }
}
