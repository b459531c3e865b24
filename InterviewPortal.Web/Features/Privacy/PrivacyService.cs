using System.IO.Compression;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using InterviewPortal.Domain;
using InterviewPortal.Domain.Audit;
using InterviewPortal.Domain.Interviews;
using InterviewPortal.Domain.Recruiting;
using InterviewPortal.Domain.Scorecards;
using InterviewPortal.Web.Data;
using InterviewPortal.Web.Features.Audit;
using InterviewPortal.Web.Features.Recruiting;
using InterviewPortal.Web.Features.Shared;
using Microsoft.EntityFrameworkCore;

namespace InterviewPortal.Web.Features.Privacy;

public sealed record ConsentRow(long Id, ConsentKind Kind, bool Granted, string NoticeVersion, ConsentChannel Channel, Guid? InterviewId, DateTime AtUtc, string? RecordedByName);

/// <summary>A candidate's consents: the answer in force per kind (absent when never asked) and every record, newest first.</summary>
public sealed record ConsentOverview(IReadOnlyDictionary<ConsentKind, ConsentRow> Latest, IReadOnlyList<ConsentRow> History, bool CanRecord);

public sealed class ConsentForm
{
    public ConsentKind Kind { get; set; } = ConsentKind.PersonalData;

    public bool Granted { get; set; } = true;

    public string? NoticeVersion { get; set; }

    public ConsentChannel Channel { get; set; } = ConsentChannel.Paper;
}

/// <summary>A data-subject export: a zip with <c>candidate.json</c> and the candidate's files.</summary>
public sealed record SubjectExport(string FileName, byte[] Content);

/// <summary>
/// A candidate's privacy duties under PIPL/GDPR: consent records (read by whoever may see the candidate, recorded and
/// withdrawn by HR), and the subject's requests, export and erasure, which only HR and Admin may carry out (domain
/// rules, Roles: others' rights never include a candidate's whole file). Everything is audited.
/// </summary>
public sealed class PrivacyService(
    IDbContextFactory<AppDbContext> dbFactory, ClientOrigin origin, AuditTrail audit, CandidateAnonymiser anonymiser,
    CandidateFileStore store, TimeProvider clock)
{
    public const int ErasureReasonMaxLength = 500;

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    /// <summary>The consents of a candidate the caller may see; null otherwise (a 404, as for the profile).</summary>
    public async Task<ConsentOverview?> GetConsentsAsync(Guid candidateId, CancellationToken ct = default)
    {
        var caller = await origin.GetCallerAsync();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!await db.VisibleCandidates(caller).AnyAsync(c => c.Id == candidateId, ct))
        {
            return null;
        }

        var records = await db.ConsentRecords.AsNoTracking().Where(r => r.CandidateId == candidateId)
            .OrderByDescending(r => r.AtUtc).ThenByDescending(r => r.Id).ToListAsync(ct);
        var recorders = records.Select(r => r.RecordedBy).OfType<string>().Distinct().ToList();
        var names = await db.Users.AsNoTracking().Where(u => recorders.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
        var rows = records.Select(r => new ConsentRow(r.Id, r.Kind, r.Granted, r.NoticeVersion, r.Channel, r.InterviewId, r.AtUtc,
            r.RecordedBy is null ? null : names.GetValueOrDefault(r.RecordedBy))).ToList();
        var latest = ConsentRecord.Latest(records).ToDictionary(p => p.Key, p => rows.First(r => r.Id == p.Value.Id));
        return new ConsentOverview(latest, rows, caller.IsRecruiter);
    }

    /// <summary>Records a consent given, or withdrawn, outside the mini-program (paper, e-mail, phone, in person).</summary>
    public async Task<long> RecordConsentAsync(Guid candidateId, ConsentForm form, CancellationToken ct = default)
    {
        var caller = await origin.GetCallerAsync();
        caller.RequireRecruiter();
        var e = await audit.DescribeAsync(new AuditEvent(form.Granted ? AuditActions.ConsentRecorded : AuditActions.ConsentWithdrawn, "Candidate", candidateId.ToString()));
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var candidate = await db.Candidates.Where(c => c.Id == candidateId).Select(c => new { c.AnonymisedAtUtc }).FirstOrDefaultAsync(ct)
            ?? throw new DomainException("NotFound");
        if (candidate.AnonymisedAtUtc is not null)
        {
            throw new DomainException("CandidateAnonymised");
        }

        var record = ConsentRecord.RecordByStaff(candidateId, form.Kind, form.Granted, form.NoticeVersion, form.Channel, caller.UserId, Now);
        db.ConsentRecords.Add(record);
        await db.SaveChangesAsync(ct);
        await audit.AppendAsync(db, e with { Summary = $"{record.Kind} {(record.Granted ? "granted" : "withdrawn")}, notice {record.NoticeVersion}, channel {record.Channel}" }, ct);
        await tx.CommitAsync(ct);
        return record.Id;
    }

    /// <summary>
    /// The candidate's data as a zip (<c>candidate.json</c> plus their files), for HR or Admin answering the
    /// candidate's access request: the full values, since it goes to the data subject. Audited.
    /// </summary>
    public async Task<SubjectExport> ExportAsync(Guid candidateId, CancellationToken ct = default)
    {
        var caller = await origin.GetCallerAsync();
        caller.RequireRecruiter();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var c = await db.Candidates.AsNoTracking().Include(x => x.History).Include(x => x.Positions).FirstOrDefaultAsync(x => x.Id == candidateId, ct)
            ?? throw new DomainException("NotFound");
        var positionIds = c.Positions.Select(p => p.PositionId).ToList();
        var titles = await db.Positions.AsNoTracking().Where(p => positionIds.Contains(p.Id) || db.Interviews.Any(i => i.CandidateId == candidateId && i.PositionId == p.Id))
            .ToDictionaryAsync(p => p.Id, p => p.Title, ct);
        var agency = c.AgencyId is null ? null : await db.Agencies.Where(a => a.Id == c.AgencyId).Select(a => a.Name).FirstOrDefaultAsync(ct);
        var interviews = await db.Interviews.AsNoTracking().Include(i => i.Interviewers).Include(i => i.History).Where(i => i.CandidateId == candidateId)
            .OrderBy(i => i.StartUtc).ToListAsync(ct);
        var interviewIds = interviews.Select(i => i.Id).ToList();
        // HR and Admin read every submitted scorecard (domain rules, Roles); drafts are the interviewer's own work.
        var scorecards = await db.Scorecards.AsNoTracking().Include(s => s.Ratings)
            .Where(s => interviewIds.Contains(s.InterviewId) && s.Status == ScorecardStatus.Submitted).OrderBy(s => s.SubmittedAtUtc).ToListAsync(ct);
        var people = interviews.SelectMany(i => i.Interviewers.Select(p => p.UserId)).Concat(scorecards.Select(s => s.InterviewerId)).Distinct().ToList();
        var names = await db.Users.AsNoTracking().Where(u => people.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
        var consents = await db.ConsentRecords.AsNoTracking().Where(r => r.CandidateId == candidateId).OrderBy(r => r.AtUtc).ThenBy(r => r.Id).ToListAsync(ct);
        var notes = await db.CandidateNotes.AsNoTracking().Where(n => n.CandidateId == candidateId).OrderBy(n => n.CreatedAtUtc).ToListAsync(ct);
        var files = await db.CandidateFiles.AsNoTracking().Where(f => f.CandidateId == candidateId).OrderBy(f => f.UploadedAtUtc).ToListAsync(ct);
        var recordings = await db.Recordings.AsNoTracking().Where(r => interviewIds.Contains(r.InterviewId)).OrderBy(r => r.CreatedAtUtc)
            .Select(r => new { r.InterviewId, r.State, r.StartedAtUtc, r.StoppedAtUtc, r.DeletedAtUtc }).ToListAsync(ct);

        var document = new
        {
            exportedAtUtc = Now,
            candidate = new
            {
                c.Id, c.Name, c.Phone, c.Email, c.Source, agency, c.Stage, c.StageEnteredAtUtc, c.CreatedAtUtc,
                weChatBound = c.WeChatOpenId is not null, c.WeChatOpenId, c.WeChatBoundAtUtc, c.AnonymisedAtUtc,
            },
            stageHistory = c.History.OrderBy(h => h.AtUtc).Select(h => new { h.From, h.To, h.AtUtc, h.Reason }),
            applications = c.Positions.OrderBy(p => p.AppliedAtUtc).Select(p => new { position = titles.GetValueOrDefault(p.PositionId), p.AppliedAtUtc }),
            interviews = interviews.Select(i => new
            {
                i.Id, position = titles.GetValueOrDefault(i.PositionId), i.Round, i.StartUtc, i.EndUtc, i.DurationMinutes, i.CandidateTimeZone, i.Status,
                i.Version, i.CancelReason, interviewers = i.Interviewers.Select(p => names.GetValueOrDefault(p.UserId)),
                changes = i.History.OrderBy(h => h.AtUtc).Select(h => new { h.Kind, h.AtUtc, h.ByCandidate, h.Reason, h.OldStartUtc, h.NewStartUtc, h.FromStatus, h.ToStatus }),
            }),
            consents = consents.Select(r => new { r.Kind, r.Granted, r.NoticeVersion, r.Channel, r.InterviewId, r.AtUtc }),
            scorecards = scorecards.Select(s => new
            {
                s.InterviewId, interviewer = names.GetValueOrDefault(s.InterviewerId), s.Version, s.SubmittedAtUtc, s.Recommendation, s.Strengths, s.Concerns,
                ratings = s.Ratings.OrderBy(r => r.Order).Select(r => new { competency = r.CompetencyName, r.Score, r.Evidence }),
            }),
            notes = notes.Select(n => new { n.Text, n.CreatedAtUtc }),
            recordings = recordings,
            files = files.Select(f => new { f.FileName, f.SizeBytes, f.Sha256, f.UploadedAtUtc, path = FileEntry(f) }),
        };

        using var zip = new MemoryStream();
        using (var archive = new ZipArchive(zip, ZipArchiveMode.Create, leaveOpen: true))
        {
            var json = archive.CreateEntry("candidate.json", CompressionLevel.Optimal);
            await using (var s = await json.OpenAsync(ct))
            {
                await JsonSerializer.SerializeAsync(s, document, Json, ct);
            }

            foreach (var f in files)
            {
                var path = store.PathFor(candidateId, f.Id);
                if (File.Exists(path))
                {
                    await archive.CreateEntryFromFileAsync(path, FileEntry(f), CompressionLevel.Optimal, ct);
                }
            }
        }

        await audit.RecordAsync(AuditActions.CandidateExported, "Candidate", candidateId.ToString(),
            $"subject access export: {interviews.Count} interview(s), {consents.Count} consent(s), {scorecards.Count} scorecard(s), {files.Count} file(s)", ct);
        return new SubjectExport($"candidate-{candidateId:N}.zip", zip.ToArray());
    }

    /// <summary>
    /// Erasure on the candidate's request: the same anonymisation as retention, now, with the reason in the audit
    /// trail. The database part is one transaction; the files go after the commit (retried nightly when that fails).
    /// </summary>
    public async Task EraseAsync(Guid candidateId, string? reason, CancellationToken ct = default)
    {
        var caller = await origin.GetCallerAsync();
        caller.RequireRecruiter();
        reason = reason?.Trim();
        if (string.IsNullOrEmpty(reason))
        {
            throw new DomainException("ErasureReasonRequired");
        }

        if (reason.Length > ErasureReasonMaxLength)
        {
            throw new DomainException("ReasonTooLong", ErasureReasonMaxLength);
        }

        var e = await audit.DescribeAsync(new AuditEvent(AuditActions.CandidateErased, "Candidate", candidateId.ToString()));
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var candidate = await db.Candidates.Include(c => c.NameGrams).FirstOrDefaultAsync(c => c.Id == candidateId, ct)
                ?? throw new DomainException("NotFound");
            // An interview still to happen would keep its panel's slot and send its reminders to nobody: HR cancels it
            // first (the panel is told), then erases.
            if (!candidate.IsAnonymised && await db.Interviews.AnyAsync(i => i.CandidateId == candidateId
                && (i.Status == InterviewStatus.Scheduled || i.Status == InterviewStatus.InProgress), ct))
            {
                throw new DomainException("ErasureInterviewsOpen");
            }

            var result = await anonymiser.AnonymiseAsync(db, candidate, Now, ct) ?? throw new DomainException("CandidateAnonymised");
            await audit.AppendAsync(db, e with
            {
                Summary = $"erased on request ({reason}): name, phone, e-mail and WeChat binding removed; {result.Files} file(s), {result.Notes} note(s), "
                    + $"{result.MiniProgramSessions} mini-program session(s) removed; interviews kept for statistics",
            }, ct);
            await tx.CommitAsync(ct);
        }

        await anonymiser.DeleteFilesAsync(dbFactory, candidateId, ct);
    }

    private static string FileEntry(CandidateFile f) => $"files/{f.Id:N}-{f.FileName}";

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        // Names and notes stay readable Chinese in the file the candidate receives.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter() },
    };
}
