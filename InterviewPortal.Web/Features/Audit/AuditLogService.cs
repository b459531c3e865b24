using InterviewPortal.Domain;
using InterviewPortal.Domain.Audit;
using InterviewPortal.Domain.Identity;
using InterviewPortal.Web.Features.Shared;
using InterviewPortal.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace InterviewPortal.Web.Features.Audit;

public sealed record AuditFilter(DateTime? FromUtc = null, DateTime? ToUtc = null, string? Actor = null, string? Action = null, string? Target = null);

public sealed record AuditRow(long Id, DateTime AtUtc, string? ActorId, string? ActorName, string? ActorRole, string? IpAddress, string Action, string? TargetType, string? TargetId, string? TargetName, string? Summary, string? CorrelationId);

public sealed record AuditResults(IReadOnlyList<AuditRow> Rows, int TotalCount);

/// <summary>Reads and verifies the audit trail (Admin and Auditor).</summary>
public sealed class AuditLogService(IDbContextFactory<AppDbContext> dbFactory, AuditTrail audit, ClientOrigin origin, ILogger<AuditLogService> log)
{
    public const int MaxPageSize = 200;
    private const int VerifyBatch = 2000;

    public async Task<AuditResults> ListAsync(AuditFilter filter, int page, int pageSize, CancellationToken ct = default)
    {
        await RequireReaderAsync();
        pageSize = Math.Clamp(pageSize, 1, MaxPageSize);
        page = Math.Max(page, 0);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var q = db.AuditEntries.AsNoTracking();
        if (filter.FromUtc is { } from)
        {
            q = q.Where(a => a.AtUtc >= from);
        }

        if (filter.ToUtc is { } to)
        {
            q = q.Where(a => a.AtUtc < to);
        }

        if (!string.IsNullOrWhiteSpace(filter.Actor))
        {
            var actor = filter.Actor.Trim();
            var ids = db.Users.Where(u => u.Email == actor || u.DisplayName.Contains(actor) || u.Id == actor).Select(u => u.Id);
            q = q.Where(a => a.ActorId != null && ids.Contains(a.ActorId));
        }

        if (!string.IsNullOrWhiteSpace(filter.Action))
        {
            var action = filter.Action.Trim();
            q = q.Where(a => a.Action == action);
        }

        if (!string.IsNullOrWhiteSpace(filter.Target))
        {
            var target = filter.Target.Trim();
            q = q.Where(a => a.TargetId == target || a.TargetType == target);
        }

        var total = await q.CountAsync(ct);
        var rows = await q.OrderByDescending(a => a.Id)
            .Skip(page * pageSize).Take(pageSize)
            .Select(a => new AuditRow(
                a.Id, a.AtUtc, a.ActorId,
                db.Users.Where(u => u.Id == a.ActorId).Select(u => u.DisplayName).FirstOrDefault(),
                a.ActorRole, a.IpAddress, a.Action, a.TargetType, a.TargetId,
                a.TargetType == "User" ? db.Users.Where(u => u.Id == a.TargetId).Select(u => u.DisplayName).FirstOrDefault() : null,
                a.Summary, a.CorrelationId))
            .ToListAsync(ct);
        return new AuditResults(rows, total);
    }

    public async Task<IReadOnlyList<string>> ActionsAsync(CancellationToken ct = default)
    {
        await RequireReaderAsync();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.AuditEntries.AsNoTracking().Select(a => a.Action).Distinct().OrderBy(a => a).ToListAsync(ct);
    }

    /// <summary>Checks the whole chain in id order, streaming in batches; reports "intact" or the first broken entry.</summary>
    public async Task<AuditChainReport> VerifyAsync(CancellationToken ct = default)
    {
        var verifier = new AuditChainVerifier();
        long after = 0;
        while (true)
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var batch = await db.AuditEntries.AsNoTracking().Where(a => a.Id > after).OrderBy(a => a.Id).Take(VerifyBatch).ToListAsync(ct);
            if (batch.Count == 0)
            {
                break;
            }

            foreach (var record in batch)
            {
                if (!verifier.Check(record))
                {
                    break;
                }
            }

            if (verifier.Broken is not null)
            {
                break;
            }

            after = batch[^1].Id;
        }

        var report = verifier.Result();
        if (report.IsIntact)
        {
            log.LogInformation("Audit trail verified: {Count} entries intact", report.EntriesChecked);
        }
        else
        {
            log.LogError("Audit trail broken at entry {AuditId}: {Problem}", report.FirstBrokenId, report.Problem);
        }

        return report;
    }

    /// <summary>Verifies and records that a person ran the verification (the run itself is a sensitive action).</summary>
    public async Task<AuditChainReport> VerifyAndRecordAsync(CancellationToken ct = default)
    {
        await RequireReaderAsync();
        var report = await VerifyAsync(ct);
        await audit.RecordAsync(AuditActions.AuditVerified, "AuditTrail", null,
            report.IsIntact ? $"intact ({report.EntriesChecked} entries)" : $"broken at {report.FirstBrokenId}: {report.Problem}", ct);
        return report;
    }

    private async Task RequireReaderAsync()
    {
        var user = await origin.GetUserAsync();
        if (!user.IsInRole(Roles.Admin) && !user.IsInRole(Roles.Auditor))
        {
            throw new DomainException("NotAllowed");
        }
    }
}
