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

public sealed record CandidateRow(Guid Id, string Name, string MaskedPhone, string? Email, PipelineStage Stage, CandidateSource Source, string? AgencyName, DateTime CreatedAtUtc, DateTime StageEnteredAtUtc);

public sealed record CandidatePage(IReadOnlyList<CandidateRow> Rows, int TotalCount);

public sealed record CandidateInterview(Guid Id, InterviewRound Round, DateTime StartUtc, int DurationMinutes, InterviewStatus Status, string PositionTitle);

public sealed record CandidateDetails(
    Guid Id, string Name, string Phone, string? Email, CandidateSource Source, Guid? AgencyId, string? AgencyName,
    PipelineStage Stage, DateTime CreatedAtUtc, IReadOnlyList<(Guid Id, string Title)> Positions,
    IReadOnlyList<StageChange> History, IReadOnlyList<CandidateInterview> Interviews, bool CanManage);

public sealed class CandidateForm
{
    public string Name { get; set; } = "";

    public string Phone { get; set; } = "";

    public string? Email { get; set; }

    public CandidateSource Source { get; set; } = CandidateSource.Direct;

    public Guid? AgencyId { get; set; }

    public HashSet<Guid> PositionIds { get; set; } = [];
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

    public async Task<CandidatePage> ListAsync(CandidateFilter filter, int page, int pageSize, CancellationToken ct = default)
    {
        var caller = await origin.GetCallerAsync();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var q = db.VisibleCandidates(caller).AsNoTracking();
        if (!string.IsNullOrWhiteSpace(filter.Search))
        {
            var s = filter.Search.Trim();
            var phone = PhoneNumber.TryNormalize(s, out var p) ? p : null;
            q = q.Where(c => c.Name.Contains(s) || c.Email == s.ToLower() || (phone != null && c.Phone == phone));
        }

        if (filter.Stage is { } stage)
        {
            q = q.Where(c => c.Stage == stage);
        }

        if (filter.PositionId is { } position)
        {
            q = q.Where(c => db.CandidatePositions.Any(cp => cp.CandidateId == c.Id && cp.PositionId == position));
        }

        if (filter.AgencyId is { } agency)
        {
            q = q.Where(c => c.AgencyId == agency);
        }

        var total = await q.CountAsync(ct);
        var rows = await q.OrderByDescending(c => c.CreatedAtUtc).ThenBy(c => c.Id)
            .Skip(Math.Max(page, 0) * Math.Clamp(pageSize, 1, MaxPageSize)).Take(Math.Clamp(pageSize, 1, MaxPageSize))
            .Select(c => new
            {
                c.Id, c.Name, c.Phone, c.Email, c.Stage, c.Source, c.CreatedAtUtc, c.StageEnteredAtUtc,
                Agency = db.Agencies.Where(a => a.Id == c.AgencyId).Select(a => a.Name).FirstOrDefault(),
            })
            .ToListAsync(ct);
        return new CandidatePage(
            rows.Select(c => new CandidateRow(c.Id, c.Name, PhoneNumber.Mask(c.Phone), c.Email, c.Stage, c.Source, c.Agency, c.CreatedAtUtc, c.StageEnteredAtUtc)).ToList(),
            total);
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
        return new CandidateDetails(c.Id, c.Name, c.Phone, c.Email, c.Source, c.AgencyId, agency, c.Stage, c.CreatedAtUtc,
            positions.Select(p => (p.Id, p.Title)).ToList(),
            // Agencies see the stages, not HR's reasons for them.
            c.History.OrderBy(h => h.AtUtc).Select(h => caller.IsAgencyOnly ? h with { Reason = null } : h).ToList(),
            interviews, caller.IsRecruiter);
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
        var candidate = await db.VisibleCandidates(caller).Include(c => c.Positions).FirstOrDefaultAsync(c => c.Id == id, ct)
            ?? throw new DomainException("NotFound");
        if (!caller.IsRecruiter && !caller.IsAgencyOnly)
        {
            throw new DomainException("NotAllowed");
        }

        candidate.Update(form.Name, form.Phone, form.Email, source, agencyId);
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
