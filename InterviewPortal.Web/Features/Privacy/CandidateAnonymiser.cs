using InterviewPortal.Domain.Recruiting;
using InterviewPortal.Web.Data;
using InterviewPortal.Web.Features.Recruiting;
using Microsoft.EntityFrameworkCore;

namespace InterviewPortal.Web.Features.Privacy;

/// <summary>What one anonymisation removed, for its audit entry (counts only: never the data itself).</summary>
public sealed record AnonymisationResult(int Files, int Notes, int MiniProgramSessions);

/// <summary>
/// The one anonymisation, shared by the retention job and erasure on request. The database part runs inside the
/// caller's transaction (all or nothing); the stored files go after the commit (<see cref="DeleteFilesAsync"/>), and a
/// failure there leaves <see cref="Candidate.FilesPendingDeletion"/> set for the nightly job to retry.
/// </summary>
public sealed class CandidateAnonymiser(CandidateFileStore store, ILogger<CandidateAnonymiser> log)
{
    /// <summary>Anonymises the tracked <paramref name="candidate"/> (loaded with its name pieces); null when it already was.</summary>
    public async Task<AnonymisationResult?> AnonymiseAsync(AppDbContext db, Candidate candidate, DateTime nowUtc, CancellationToken ct)
    {
        var openId = candidate.WeChatOpenId;
        if (!candidate.Anonymise(nowUtc))
        {
            return null;
        }

        var id = candidate.Id;
        var files = await db.CandidateFiles.Where(f => f.CandidateId == id).ExecuteDeleteAsync(ct);
        var notes = await db.CandidateNotes.Where(n => n.CandidateId == id).ExecuteDeleteAsync(ct);
        // The mini-program logins of the bound WeChat account: the binding is gone, so are they.
        var sessions = openId is null ? 0 : await db.MiniProgramSessions.Where(s => s.OpenId == openId).ExecuteDeleteAsync(ct);
        // HR's free text about the person: rejection reasons and the notes for interviewers. Stages, times and statuses
        // stay, so the reports keep counting the candidate and their interviews.
        await db.CandidateStageChanges.Where(h => h.CandidateId == id && h.Reason != null).ExecuteUpdateAsync(s => s.SetProperty(h => h.Reason, (string?)null), ct);
        await db.Interviews.Where(i => i.CandidateId == id && i.NotesForInterviewers != null).ExecuteUpdateAsync(s => s.SetProperty(i => i.NotesForInterviewers, (string?)null), ct);
        await db.SaveChangesAsync(ct);
        return new AnonymisationResult(files, notes, sessions);
    }

    /// <summary>After the commit: removes the candidate's stored files. True when none are left.</summary>
    public async Task<bool> DeleteFilesAsync(IDbContextFactory<AppDbContext> dbFactory, Guid candidateId, CancellationToken ct)
    {
        try
        {
            store.DeleteAll(candidateId);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            log.LogWarning(ex, "Files of anonymised candidate {CandidateId} not deleted; the nightly retention job retries", candidateId);
            return false;
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.Candidates.Where(c => c.Id == candidateId).ExecuteUpdateAsync(s => s.SetProperty(c => c.FilesPendingDeletion, false), ct);
        return true;
    }
}
