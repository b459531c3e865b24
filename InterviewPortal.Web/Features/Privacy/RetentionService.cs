using Hangfire;
using Hangfire.Storage;
using InterviewPortal.Domain;
using InterviewPortal.Domain.Audit;
using InterviewPortal.Domain.Recruiting;
using InterviewPortal.Web.Data;
using InterviewPortal.Web.Features.Audit;
using InterviewPortal.Web.Features.Settings;
using InterviewPortal.Web.Features.Shared;
using InterviewPortal.Web.Jobs;
using Microsoft.EntityFrameworkCore;

namespace InterviewPortal.Web.Features.Privacy;

/// <summary>A candidate the next retention run anonymises, with the day they fell due.</summary>
public sealed record RetentionDueRow(Guid CandidateId, string Name, PipelineStage Stage, DateTime StageEnteredAtUtc, DateTime DueAtUtc, int Files, int Interviews);

/// <summary>An anonymised candidate whose stored files are still to be deleted (the run retries).</summary>
public sealed record RetentionFilesRow(Guid CandidateId, string Name, DateTime AnonymisedAtUtc);

/// <summary>The dry run: exactly what the next run will touch, as of its time, oldest-due first.</summary>
public sealed record RetentionPreview(int Days, DateTime AsOfUtc, bool AsOfNextRun, IReadOnlyList<RetentionDueRow> Due, IReadOnlyList<RetentionFilesRow> FilesToDelete);

public sealed record RetentionRunResult(int Anonymised, int FilesDeleted, int FilesFailed);

/// <summary>
/// Candidate retention (domain rules, Privacy): rejected and withdrawn candidates are anonymised a set number of days
/// after entering that stage (<see cref="PrivacySettings"/>). The nightly <see cref="CandidateRetentionJob"/> runs
/// <see cref="ApplyAsync"/>; admins see the same selection beforehand in <see cref="PreviewAsync"/>.
/// </summary>
public sealed class RetentionService(
    IDbContextFactory<AppDbContext> dbFactory, SettingsService settings, CandidateAnonymiser anonymiser, AuditTrail audit,
    ClientOrigin origin, JobStorage jobs, TimeProvider clock, ILogger<RetentionService> log)
{
    /// <summary>The candidates due at <paramref name="asOfUtc"/>, oldest-due first (the run's order too).</summary>
    private static IQueryable<Candidate> Due(AppDbContext db, int days, DateTime asOfUtc)
    {
        var enteredBy = CandidateRetention.EnteredAtOrBefore(asOfUtc, days);
        var stages = CandidateRetention.Stages.ToList();
        return db.Candidates.Where(c => c.AnonymisedAtUtc == null && stages.Contains(c.Stage) && c.StageEnteredAtUtc <= enteredBy)
            .OrderBy(c => c.StageEnteredAtUtc).ThenBy(c => c.Id);
    }

    public async Task<RetentionPreview> PreviewAsync(CancellationToken ct = default)
    {
        var caller = await origin.GetCallerAsync();
        if (!caller.IsAdmin)
        {
            throw new DomainException("NotAllowed");
        }

        var days = (await settings.GetPrivacyAsync(ct)).CandidateRetentionDays;
        var now = clock.GetUtcNow().UtcDateTime;
        // A run that is overdue (the server was down) happens as soon as it can: then "next" is now.
        var next = NextRunUtc() is { } scheduled && scheduled > now ? scheduled : (DateTime?)null;
        var asOf = next ?? now;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var due = await Due(db, days, asOf).AsNoTracking()
            .Select(c => new
            {
                c.Id, c.Name, c.Stage, c.StageEnteredAtUtc,
                Files = db.CandidateFiles.Count(f => f.CandidateId == c.Id),
                Interviews = db.Interviews.Count(i => i.CandidateId == c.Id),
            })
            .ToListAsync(ct);
        var files = await db.Candidates.AsNoTracking().Where(c => c.FilesPendingDeletion).OrderBy(c => c.AnonymisedAtUtc)
            .Select(c => new RetentionFilesRow(c.Id, c.Name, c.AnonymisedAtUtc ?? DateTime.MinValue)).ToListAsync(ct);
        return new RetentionPreview(days, asOf, next is not null,
            due.Select(c => new RetentionDueRow(c.Id, c.Name, c.Stage, c.StageEnteredAtUtc, CandidateRetention.DueAtUtc(c.Stage, c.StageEnteredAtUtc, null, days)!.Value, c.Files, c.Interviews)).ToList(),
            files);
    }

    /// <summary>
    /// The nightly run: anonymises every candidate due now, one transaction each (audited with it), then deletes
    /// their files and retries earlier deletions that failed. Safe to run again: an anonymised candidate is never due.
    /// </summary>
    public async Task<RetentionRunResult> ApplyAsync(CancellationToken ct = default)
    {
        var days = (await settings.GetPrivacyAsync(ct)).CandidateRetentionDays;
        var now = clock.GetUtcNow().UtcDateTime;
        List<Guid> ids;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            ids = await Due(db, days, now).Select(c => c.Id).ToListAsync(ct);
        }

        var anonymised = 0;
        foreach (var id in ids)
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var candidate = await db.Candidates.Include(c => c.NameGrams).FirstAsync(c => c.Id == id, ct);
            // Read again inside the transaction: HR may have moved the candidate back since the list was read.
            if (!CandidateRetention.IsDue(candidate, days, now))
            {
                continue;
            }

            var (stage, entered) = (candidate.Stage, candidate.StageEnteredAtUtc);
            var result = (await anonymiser.AnonymiseAsync(db, candidate, now, ct))!;
            await audit.AppendAsync(db, new AuditEvent(AuditActions.CandidateAnonymised, "Candidate", id.ToString(),
                $"{stage} since {entered:yyyy-MM-dd}, past the {days}-day retention: name, phone, e-mail and WeChat binding removed; "
                + $"{result.Files} file(s), {result.Notes} note(s), {result.MiniProgramSessions} mini-program session(s) removed; interviews kept")
            { ActorRole = "System" }, ct);
            await tx.CommitAsync(ct);
            anonymised++;
        }

        var (deleted, failed) = await DeletePendingFilesAsync(ct);
        log.LogInformation("Candidate retention ({Days} days): {Anonymised} anonymised, {Deleted} file deletion(s), {Failed} failed", days, anonymised, deleted, failed);
        return new RetentionRunResult(anonymised, deleted, failed);
    }

    private async Task<(int Deleted, int Failed)> DeletePendingFilesAsync(CancellationToken ct)
    {
        List<Guid> pending;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            pending = await db.Candidates.Where(c => c.FilesPendingDeletion).Select(c => c.Id).ToListAsync(ct);
        }

        var (deleted, failed) = (0, 0);
        foreach (var id in pending)
        {
            if (await anonymiser.DeleteFilesAsync(dbFactory, id, ct))
            {
                deleted++;
                await audit.RecordAsync(new AuditEvent(AuditActions.CandidateFilesPurged, "Candidate", id.ToString(), "stored files of the anonymised candidate deleted") { ActorRole = "System" }, ct);
            }
            else
            {
                failed++;
            }
        }

        return (deleted, failed);
    }

    /// <summary>When the nightly job runs next (null when it is not scheduled in this host's job store).</summary>
    private DateTime? NextRunUtc()
    {
        using var connection = jobs.GetConnection();
        return connection.GetRecurringJobs([CandidateRetentionJob.Id]).FirstOrDefault()?.NextExecution;
    }
}
