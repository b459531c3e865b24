using System.Globalization;
using System.Security.Claims;
using System.Text;
using InterviewPortal.Domain;
using InterviewPortal.Domain.Audit;
using InterviewPortal.Domain.Identity;
using InterviewPortal.Web.Features.Shared;
using InterviewPortal.Web.Data;
using InterviewPortal.Web.Features.Reports;
using InterviewPortal.Web.Resources;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace InterviewPortal.Web.Features.Audit;

public sealed record AuditFilter(DateTime? FromUtc = null, DateTime? ToUtc = null, string? Actor = null, string? Action = null, string? Target = null);

public sealed record AuditRow(long Id, DateTime AtUtc, string? ActorId, string? ActorName, string? ActorRole, string? IpAddress, string Action, string? TargetType, string? TargetId, string? TargetName, string? Summary, string? CorrelationId);

public sealed record AuditResults(IReadOnlyList<AuditRow> Rows, int TotalCount);

public sealed record SavedFilterRow(Guid Id, string Name, AuditFilter Filter);

public sealed record AuditExportFile(byte[] Content, string FileName, int Rows);

/// <summary>Reads and verifies the audit trail (Admin and Auditor).</summary>
public sealed class AuditLogService(
    IDbContextFactory<AppDbContext> dbFactory, AuditTrail audit, ClientOrigin origin, TimeProvider clock, IStringLocalizer<Strings> l, ILogger<AuditLogService> log)
{
    public const int MaxPageSize = 200;
    private const int VerifyBatch = 5000;
    private const int VerifyReadAhead = 3;

    public async Task<AuditResults> ListAsync(AuditFilter filter, int page, int pageSize, CancellationToken ct = default)
    {
        await RequireReaderAsync();
        pageSize = Math.Clamp(pageSize, 1, MaxPageSize);
        page = Math.Max(page, 0);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var q = await FilteredAsync(db, filter, ct);
        var total = await q.CountAsync(ct);
        var rows = await q.OrderByDescending(a => a.Id)
            .Skip(page * pageSize).Take(pageSize)
            .Select(Row(db))
            .ToListAsync(ct);
        return new AuditResults(rows, total);
    }

    private static System.Linq.Expressions.Expression<Func<AuditRecord, AuditRow>> Row(AppDbContext db) =>
        a => new AuditRow(
                a.Id, a.AtUtc, a.ActorId,
                db.Users.Where(u => u.Id == a.ActorId).Select(u => u.DisplayName).FirstOrDefault(),
                a.ActorRole, a.IpAddress, a.Action, a.TargetType, a.TargetId,
                a.TargetType == "User" ? db.Users.Where(u => u.Id == a.TargetId).Select(u => u.DisplayName).FirstOrDefault() : null,
                a.Summary, a.CorrelationId);

    /// <summary>
    /// Every entry the filter matches, oldest first, as CSV with a byte-order mark (Excel opens the Chinese as UTF-8).
    /// The export is itself audited, with the filter it used.
    /// </summary>
    public async Task<AuditExportFile> ExportCsvAsync(AuditFilter filter, CancellationToken ct = default)
    {
        await RequireReaderAsync();
        var e = await audit.DescribeAsync(new AuditEvent(AuditActions.AuditExported, "AuditTrail"));
        var o = new StringBuilder();
        void Line(IEnumerable<string?> cells) => o.Append(string.Join(',', cells.Select(c => ReportExport.Quote(c ?? "")))).Append("\r\n");
        Line([
            "#", l["AuditTime"] + " (UTC)", l["AuditActorId"], l["AuditActor"], l["AuditRoles"], l["AuditIp"], l["AuditAction"], l["AuditActionCode"],
            l["AuditTargetType"], l["AuditTarget"], l["AuditTargetName"], l["AuditSummary"], l["AuditCorrelation"],
        ]);
        var count = 0;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            await foreach (var r in (await FilteredAsync(db, filter, ct)).OrderBy(a => a.Id).Select(Row(db)).AsAsyncEnumerable().WithCancellation(ct))
            {
                count++;
                Line([
                    r.Id.ToString(CultureInfo.InvariantCulture), r.AtUtc.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture), r.ActorId, r.ActorName, r.ActorRole,
                    r.IpAddress, ActionLabel(r.Action), r.Action, r.TargetType, r.TargetId, r.TargetName, r.Summary, r.CorrelationId,
                ]);
            }
        }

        await audit.RecordAsync(e with { Summary = $"{count} entries; filter {Describe(filter)}" }, ct);
        var name = $"audit-{clock.GetUtcNow().UtcDateTime:yyyyMMdd-HHmmss}.csv";
        return new AuditExportFile([.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(o.ToString())], name, count);
    }

    /// <summary>The caller's saved filters, by name.</summary>
    public async Task<IReadOnlyList<SavedFilterRow>> SavedFiltersAsync(CancellationToken ct = default)
    {
        var me = await RequireReaderAsync();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.SavedAuditFilters.AsNoTracking().Where(f => f.UserId == me).OrderBy(f => f.Name)
            .Select(f => new SavedFilterRow(f.Id, f.Name, new AuditFilter(f.FromUtc, f.ToUtc, f.Actor, f.Action, f.Target)))
            .ToListAsync(ct);
    }

    /// <summary>
    /// Saves the filter under a name of the caller's (replacing one of the same name). A reader's own view setting,
    /// not portal data: Auditors may keep theirs too.
    /// </summary>
    public async Task<Guid> SaveFilterAsync(string name, AuditFilter filter, CancellationToken ct = default)
    {
        var me = await RequireReaderAsync();
        name = (name ?? "").Trim();
        if (name.Length == 0)
        {
            throw new DomainException("ValidationRequired", "Name");
        }

        if (name.Length > 100)
        {
            throw new DomainException("ValidationTooLong", "Name");
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var saved = await db.SavedAuditFilters.FirstOrDefaultAsync(f => f.UserId == me && f.Name == name, ct);
        if (saved is null)
        {
            saved = new SavedAuditFilter { Id = Guid.NewGuid(), UserId = me, Name = name, CreatedAtUtc = clock.GetUtcNow().UtcDateTime };
            db.SavedAuditFilters.Add(saved);
        }

        saved.FromUtc = filter.FromUtc;
        saved.ToUtc = filter.ToUtc;
        saved.Actor = Clip(filter.Actor, 256);
        saved.Action = Clip(filter.Action, 64);
        saved.Target = Clip(filter.Target, 128);
        await db.SaveChangesAsync(ct);
        return saved.Id;
    }

    /// <summary>Deletes one of the caller's saved filters (another user's is not found).</summary>
    public async Task DeleteFilterAsync(Guid id, CancellationToken ct = default)
    {
        var me = await RequireReaderAsync();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (await db.SavedAuditFilters.Where(f => f.Id == id && f.UserId == me).ExecuteDeleteAsync(ct) == 0)
        {
            throw new DomainException("NotFound");
        }
    }

    private string ActionLabel(string action)
    {
        var label = l["AuditAction_" + action.Replace('.', '_')];
        return label.ResourceNotFound ? action : label.Value;
    }

    private static string Describe(AuditFilter f)
    {
        var parts = new List<string>();
        if (f.FromUtc is { } from)
        {
            parts.Add($"from {from:O}");
        }

        if (f.ToUtc is { } to)
        {
            parts.Add($"to {to:O}");
        }

        if (!string.IsNullOrWhiteSpace(f.Actor))
        {
            parts.Add($"actor '{f.Actor.Trim()}'");
        }

        if (!string.IsNullOrWhiteSpace(f.Action))
        {
            parts.Add($"action {f.Action.Trim()}");
        }

        if (!string.IsNullOrWhiteSpace(f.Target))
        {
            parts.Add($"target '{f.Target.Trim()}'");
        }

        return parts.Count == 0 ? "(none)" : string.Join(", ", parts);
    }

    private static string? Clip(string? value, int max) =>
        string.IsNullOrWhiteSpace(value) ? null : value.Trim() is var v && v.Length > max ? v[..max] : value.Trim();

    /// <summary>Records that the reader opened the audit log (the page calls it once its circuit is live).</summary>
    public async Task RecordViewAsync(CancellationToken ct = default)
    {
        await RequireReaderAsync();
        await audit.RecordAsync(AuditActions.AuditViewed, "AuditTrail", ct: ct);
    }

    public async Task<IReadOnlyList<string>> ActionsAsync(CancellationToken ct = default)
    {
        await RequireReaderAsync();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.AuditEntries.AsNoTracking().Select(a => a.Action).Distinct().OrderBy(a => a).ToListAsync(ct);
    }

    /// <summary>
    /// Checks the whole chain in id order, streaming in batches; reports "intact" or the first broken entry. Ids are
    /// the chain's sequence numbers (1, 2, 3…), so batches are key ranges known in advance: the next few are read at
    /// once (untracked, each on a context of its own, SQLite's readers run side by side) while the current one is
    /// hashed on every core, and a million entries take seconds. Gaps and broken links are found as before: the
    /// verifier still sees every entry in order.
    /// </summary>
    public async Task<AuditChainReport> VerifyAsync(CancellationToken ct = default)
    {
        var verifier = new AuditChainVerifier();
        long last;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            last = await db.AuditEntries.MaxAsync(a => (long?)a.Id, ct) ?? 0;
        }

        // SQLite's "async" reads run on the calling thread: Task.Run makes the reads truly overlap.
        Task<List<AuditRecord>> Read(long from) => Task.Run(async () =>
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            return await ReadRangeAsync(db, from, from + VerifyBatch, ct);
        }, ct);

        var reads = new Queue<Task<List<AuditRecord>>>();
        var next = 1L;
        while (true)
        {
            while (reads.Count < VerifyReadAhead && next <= last)
            {
                reads.Enqueue(Read(next));
                next += VerifyBatch;
            }

            if (reads.Count == 0 || !verifier.CheckAll(await reads.Dequeue()))
            {
                break;
            }
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

    /// <summary>
    /// The entries with ids in [<paramref name="fromId"/>, <paramref name="toId"/>), in id order, read with a plain data
    /// reader: for verification, where EF Core's materialization cost several times the hashing. The statement is the
    /// same on SQLite and SQL Server (a key range needs neither LIMIT nor TOP).
    /// </summary>
    public static async Task<List<AuditRecord>> ReadRangeAsync(AppDbContext db, long fromId, long toId, CancellationToken ct)
    {
        var connection = db.Database.GetDbConnection();
        if (connection.State != System.Data.ConnectionState.Open)
        {
            await db.Database.OpenConnectionAsync(ct);
        }

        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT Id, AtUtc, ActorId, ActorRole, IpAddress, UserAgent, Action, TargetType, TargetId, Summary, CorrelationId, PreviousHash, Hash FROM {AuditGuard.TableName} WHERE Id >= @from AND Id < @to ORDER BY Id";
        var from = command.CreateParameter();
        from.ParameterName = "@from";
        from.Value = fromId;
        command.Parameters.Add(from);
        var to = command.CreateParameter();
        to.ParameterName = "@to";
        to.Value = toId;
        command.Parameters.Add(to);
        var records = new List<AuditRecord>((int)Math.Min(toId - fromId, 10_000));
        await using var reader = await command.ExecuteReaderAsync(ct);
        string? Text(int i) => reader.IsDBNull(i) ? null : reader.GetString(i);
        // SQLite keeps the time as text in EF Core's fixed format; parsing that exact format is several times cheaper
        // than the reader's general GetDateTime (SQL Server hands a datetime2 over as it is).
        var timeIsText = reader.GetFieldType(1) == typeof(string);
        while (await reader.ReadAsync(ct))
        {
            var at = timeIsText
                ? DateTime.ParseExact(reader.GetString(1), "yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal)
                : reader.GetDateTime(1);
            records.Add(AuditRecord.FromStorage(
                reader.GetInt64(0), at, Text(2), Text(3), Text(4), Text(5), reader.GetString(6),
                Text(7), Text(8), Text(9), Text(10), reader.GetString(11), reader.GetString(12)));
        }

        return records;
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

    private static async Task<IQueryable<AuditRecord>> FilteredAsync(AppDbContext db, AuditFilter filter, CancellationToken ct)
    {
        var q = db.AuditEntries.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(filter.Actor))
        {
            // The actor's entries through the trail's search index (decision 0015); the other filters narrow them.
            var actor = filter.Actor.Trim();
            var ids = db.Users.Where(u => u.Email == actor || u.DisplayName.Contains(actor) || u.Id == actor).Select(u => u.Id);
            q = (await AuditIndexSpan.ReadAsync(db, ct)).ByActors(db, ids);
        }

        if (filter.FromUtc is { } from)
        {
            q = q.Where(a => a.AtUtc >= from);
        }

        if (filter.ToUtc is { } to)
        {
            q = q.Where(a => a.AtUtc < to);
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

        return q;
    }

    /// <summary>Admin or Auditor; returns the caller's id.</summary>
    private async Task<string> RequireReaderAsync()
    {
        var user = await origin.GetUserAsync();
        if (!user.IsInRole(Roles.Admin) && !user.IsInRole(Roles.Auditor))
        {
            throw new DomainException("NotAllowed");
        }

        return user.FindFirstValue(ClaimTypes.NameIdentifier)!;
    }
}
