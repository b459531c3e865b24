using System.IO.Compression;
using System.Text;
using Hangfire;
using InterviewPortal.Domain;
using InterviewPortal.Domain.Audit;
using InterviewPortal.Domain.Interviews;
using InterviewPortal.Domain.Invitations;
using InterviewPortal.Domain.Permission;
using InterviewPortal.Domain.Recruiting;
using InterviewPortal.Web.Data;
using InterviewPortal.Web.Features.Audit;
using InterviewPortal.Web.Features.MiniProgram;
using InterviewPortal.Web.Features.Permission;
using InterviewPortal.Web.Features.Recruiting;
using InterviewPortal.Web.Features.Settings;
using InterviewPortal.Web.Features.Shared;
using InterviewPortal.Web.Integrations.QrCodes;
using InterviewPortal.Web.Setup;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace InterviewPortal.Web.Features.Invitations;

/// <summary>What HR (or the candidate's agency) sees on an invitation card.</summary>
public sealed record InvitationCard(
    Guid InvitationId, Guid InterviewId, int InterviewVersion, string CandidateName, string PositionTitle, InterviewRound Round,
    DateTime StartUtc, int DurationMinutes, string CandidateTimeZone, string? Link, InvitationCodeKind CodeKind, bool CodeReady, string? CodeError,
    InvitationStatus Status, DateTime CreatedAtUtc, DateTime ExpiresAtUtc, InvitationTracking Tracking, JoinMode JoinMode);

/// <summary>How an invitation was delivered and used (domain rules: generated, sent, opened, accepted, joined).</summary>
public sealed record InvitationTracking(
    DateTime GeneratedAtUtc, DateTime? CodeReadyAtUtc, int DownloadCount, DateTime? FirstDownloadedAtUtc, int PrintCount, int OpenCount,
    DateTime? FirstOpenedAtUtc, DateTime? OpenedInMiniProgramAtUtc, DateTime? AcceptedAtUtc, int JoinCount, DateTime? FirstJoinedAtUtc);

/// <summary>What the public invitation page may show: no personal data beyond a masked name and the time.</summary>
public sealed record PublicInvitation(
    InvitationStatus Status, string MaskedName, string PositionTitle, InterviewRound Round, DateTime StartUtc, int DurationMinutes,
    string TimeZone, DateTime JoinOpensUtc, DateTime ExpiresAtUtc, InvitationRevokeReason? RevokeReason);

/// <summary>An invitation's code image: a PNG, or the JPEG WeChat draws for a mini-program code.</summary>
public sealed record InvitationCode(byte[] Image, string ContentType, string FileName, InvitationCodeKind Kind);

/// <summary>
/// Invitations: issued with the interview, re-issued on reschedule, revoked on cancel (all inside the interview's own
/// transaction, <see cref="IssueInAsync"/> / <see cref="RevokeInAsync"/>); cards, codes and the day's batch for HR and
/// the candidate's agency; the public page's view. Codes are made ahead of time by <see cref="InvitationCodeJob"/>.
/// </summary>
public sealed class InvitationService(
    IDbContextFactory<AppDbContext> dbFactory, ClientOrigin origin, AuditTrail audit, SettingsService settings, InvitationTokenProtector protector,
    InvitationFiles files, QrCodeService qr, JoinModeService joinModes, IOptions<PortalOptions> portal, IBackgroundJobClient jobs, TimeProvider clock, ILogger<InvitationService> log)
{
    /// <summary>The link in an invitation's code: <c>{Portal:PublicBaseUrl}/i/{token}</c>.</summary>
    public static string LinkFor(PortalOptions portal, string token) => new Uri(portal.PublicBase, "i/" + token).ToString();

    /// <summary>
    /// Revokes the interview's active invitation (if any) and issues a new one for its current version, in
    /// <paramref name="db"/>'s transaction. The caller saves, audits and, after commit, calls <see cref="QueueCode"/>.
    /// </summary>
    internal static async Task<Invitation> IssueInAsync(
        AppDbContext db, Interview interview, SchedulingPolicy policy, InvitationTokenProtector protector, string by, DateTime nowUtc, CancellationToken ct)
    {
        await RevokeInAsync(db, interview.Id, InvitationRevokeReason.Rescheduled, nowUtc, ct);
        var token = InvitationToken.New();
        var (_, closes) = policy.JoinWindow(interview.StartUtc, interview.EndUtc);
        var invitation = Invitation.Issue(Guid.NewGuid(), interview.Id, interview.CandidateId, interview.Version, InvitationToken.Hash(token), protector.Protect(token), closes, by, nowUtc);
        db.Invitations.Add(invitation);
        return invitation;
    }

    /// <summary>Revokes the interview's unrevoked invitations in <paramref name="db"/>'s transaction; returns how many.</summary>
    internal static async Task<int> RevokeInAsync(AppDbContext db, Guid interviewId, InvitationRevokeReason reason, DateTime nowUtc, CancellationToken ct)
    {
        var active = await db.Invitations.Where(i => i.InterviewId == interviewId && i.RevokedAtUtc == null).ToListAsync(ct);
        foreach (var i in active)
        {
            i.Revoke(reason, nowUtc);
        }

        var pending = await db.RescheduleRequests.Where(r => r.InterviewId == interviewId && r.Status == RescheduleRequestStatus.Pending).ToListAsync(ct);
        foreach (var r in pending)
        {
            r.Supersede(nowUtc);
        }

        return active.Count;
    }

    /// <summary>Asks the job server to make the invitation's code now (the sweep catches anything missed).</summary>
    internal static void QueueCode(IBackgroundJobClient jobs, Guid invitationId) =>
        jobs.Enqueue<InvitationCodeJob>(j => j.MakeAsync(invitationId, CancellationToken.None));

    /// <summary>The interview's current invitation card, or null when the caller may not see it (404).</summary>
    public async Task<InvitationCard?> GetCardAsync(Guid interviewId, CancellationToken ct = default)
    {
        var caller = await origin.GetCallerAsync();
        if (!caller.IsRecruiter && !caller.IsAgencyOnly)
        {
            return null;
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var row = await (
            from iv in db.VisibleInterviews(caller)
            where iv.Id == interviewId
            join c in db.Candidates on iv.CandidateId equals c.Id
            join p in db.Positions on iv.PositionId equals p.Id
            select new { Interview = iv, c.Name, p.Title }).AsNoTracking().FirstOrDefaultAsync(ct);
        if (row is null)
        {
            return null;
        }

        var invitation = await db.Invitations.AsNoTracking().Where(i => i.InterviewId == interviewId).OrderByDescending(i => i.CreatedAtUtc).FirstOrDefaultAsync(ct);
        if (invitation is null)
        {
            return null;
        }

        var e = await audit.DescribeAsync(new AuditEvent(AuditActions.InvitationViewed, "Interview", interviewId.ToString(), $"invitation {invitation.Id} v{invitation.InterviewVersion}"));
        await audit.RecordAsync(e, ct);
        var token = protector.Unprotect(invitation.ProtectedToken);
        if (token is null)
        {
            log.LogError("Invitation {InvitationId} cannot be decrypted with the current invitation token key; re-issue it", invitation.Id);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var interview = row.Interview;
        return new InvitationCard(
            invitation.Id, interview.Id, invitation.InterviewVersion, row.Name, row.Title, interview.Round, interview.StartUtc, interview.DurationMinutes, interview.CandidateTimeZone,
            token is null ? null : LinkFor(portal.Value, token), invitation.CodeKind ?? InvitationCodeKind.LinkQrCode, invitation.CodeReadyAtUtc is not null,
            invitation.CodeError, invitation.StatusAt(now), invitation.CreatedAtUtc, invitation.ExpiresAtUtc, await TrackingAsync(db, invitation, ct),
            // Not stored on the invitation: the mode in force is what the candidate gets when they join.
            await joinModes.CurrentAsync(ct: ct));
    }

    /// <summary>The tracking of the interview's current invitation, for the interview page (null: none, or not visible).</summary>
    public async Task<(InvitationStatus Status, InvitationTracking Tracking)?> GetTrackingAsync(Guid interviewId, CancellationToken ct = default)
    {
        var caller = await origin.GetCallerAsync();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var invitation = await db.Invitations.AsNoTracking()
            .Where(i => i.InterviewId == interviewId && db.VisibleInterviews(caller).Any(iv => iv.Id == i.InterviewId))
            .OrderByDescending(i => i.CreatedAtUtc).FirstOrDefaultAsync(ct);
        return invitation is null ? null : (invitation.StatusAt(clock.GetUtcNow().UtcDateTime), await TrackingAsync(db, invitation, ct));
    }

    /// <summary>
    /// The current invitation's code as a PNG: the stored mini-program code or QR code when it has been made, else a QR
    /// code of the link made now. Counts and audits the download.
    /// </summary>
    public async Task<InvitationCode?> DownloadCodeAsync(Guid interviewId, CancellationToken ct = default)
    {
        var caller = await origin.GetCallerAsync();
        if (!caller.IsRecruiter && !caller.IsAgencyOnly)
        {
            return null;
        }

        var e = await audit.DescribeAsync(new AuditEvent(AuditActions.InvitationCodeDownloaded, "Interview", interviewId.ToString()));
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var invitation = await CurrentOf(db, caller, interviewId).FirstOrDefaultAsync(ct);
        if (invitation is null)
        {
            return null;
        }

        var code = await CodeOfAsync(invitation, ct);
        invitation.RecordDownload(clock.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(ct);
        await audit.AppendAsync(db, e with { Summary = $"invitation {invitation.Id} v{invitation.InterviewVersion}, {code.Kind}" }, ct);
        await tx.CommitAsync(ct);
        return code;
    }

    /// <summary>The code shown on the card (the card view itself is audited; this is not a download).</summary>
    public async Task<byte[]?> PreviewCodeAsync(Guid interviewId, CancellationToken ct = default)
    {
        var caller = await origin.GetCallerAsync();
        if (!caller.IsRecruiter && !caller.IsAgencyOnly)
        {
            return null;
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var invitation = await CurrentOf(db, caller, interviewId).AsNoTracking().FirstOrDefaultAsync(ct);
        return invitation is null || protector.Unprotect(invitation.ProtectedToken) is null ? null : (await CodeOfAsync(invitation, ct)).Image;
    }

    /// <summary>Counts a print of the card (the print button).</summary>
    public async Task RecordPrintAsync(Guid interviewId, CancellationToken ct = default)
    {
        var caller = await origin.GetCallerAsync();
        var e = await audit.DescribeAsync(new AuditEvent(AuditActions.InvitationPrinted, "Interview", interviewId.ToString()));
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var invitation = await CurrentOf(db, caller, interviewId).FirstOrDefaultAsync(ct) ?? throw new DomainException("NotFound");
        invitation.RecordPrint();
        await db.SaveChangesAsync(ct);
        await audit.AppendAsync(db, e with { Summary = $"invitation {invitation.Id}" }, ct);
        await tx.CommitAsync(ct);
    }

    /// <summary>
    /// Revokes the current invitation and issues a new token for the same interview version (a code was forwarded to
    /// the wrong person, or the token key was replaced). HR only.
    /// </summary>
    public async Task ReissueAsync(Guid interviewId, CancellationToken ct = default)
    {
        var caller = await origin.GetCallerAsync();
        caller.RequireRecruiter();
        var e = await audit.DescribeAsync(new AuditEvent(AuditActions.InvitationIssued, "Interview", interviewId.ToString()));
        var policy = await settings.GetSchedulingAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var interview = await db.Interviews.FirstOrDefaultAsync(i => i.Id == interviewId, ct) ?? throw new DomainException("NotFound");
        if (interview.Status is not (InterviewStatus.Scheduled or InterviewStatus.InProgress))
        {
            throw new DomainException("InvitationInterviewNotOpen");
        }

        var invitation = await IssueInAsync(db, interview, policy, protector, caller.UserId, now, ct);
        await db.SaveChangesAsync(ct);
        await audit.AppendAsync(db, e with { Summary = $"invitation {invitation.Id} v{interview.Version} re-issued by hand" }, ct);
        await tx.CommitAsync(ct);
        QueueCode(jobs, invitation.Id);
    }

    /// <summary>
    /// The public page's view of a token, counting the open. Null when the token is malformed or unknown; revoked and
    /// expired invitations are answered (the page says so) but show nothing more than the time.
    /// </summary>
    public async Task<PublicInvitation?> OpenPublicAsync(string? token, bool inMiniProgram, CancellationToken ct = default)
    {
        if (!InvitationToken.IsWellFormed(token))
        {
            return null;
        }

        var hash = InvitationToken.Hash(token!);
        var policy = await settings.GetSchedulingAsync(ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var invitation = await db.Invitations.FirstOrDefaultAsync(i => i.TokenHash == hash, ct);
        if (invitation is null)
        {
            return null;
        }

        var row = await (
            from iv in db.Interviews
            where iv.Id == invitation.InterviewId
            join c in db.Candidates on iv.CandidateId equals c.Id
            join p in db.Positions on iv.PositionId equals p.Id
            select new { iv.Round, iv.StartUtc, iv.EndUtc, iv.DurationMinutes, iv.CandidateTimeZone, c.Name, p.Title }).AsNoTracking().FirstAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        invitation.RecordOpened(inMiniProgram, now);
        await db.SaveChangesAsync(ct);
        var (opens, _) = policy.JoinWindow(row.StartUtc, row.EndUtc);
        return new PublicInvitation(invitation.StatusAt(now), PersonName.Mask(row.Name), row.Title, row.Round, row.StartUtc, row.DurationMinutes,
            row.CandidateTimeZone, opens, invitation.ExpiresAtUtc, invitation.RevokeReason);
    }

    /// <summary>
    /// A zip of every active invitation for interviews starting on <paramref name="day"/> (in <paramref name="timeZone"/>)
    /// that the caller may see: one PNG per interview and an index (CSV: time, candidate, position, link). Reports
    /// progress as the share of codes done.
    /// </summary>
    public async Task<(byte[] Zip, int Count)> BuildDayBatchAsync(DateOnly day, string timeZone, IProgress<double>? progress = null, CancellationToken ct = default)
    {
        var caller = await origin.GetCallerAsync();
        if (!caller.IsRecruiter && !caller.IsAgencyOnly)
        {
            throw new DomainException("NotAllowed");
        }

        var tz = TimeZoneInfo.FindSystemTimeZoneById(timeZone);
        var fromUtc = TimeZoneInfo.ConvertTimeToUtc(day.ToDateTime(TimeOnly.MinValue), tz);
        var toUtc = TimeZoneInfo.ConvertTimeToUtc(day.AddDays(1).ToDateTime(TimeOnly.MinValue), tz);
        var e = await audit.DescribeAsync(new AuditEvent(AuditActions.InvitationBatchDownloaded, "Invitation", null));
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await (
            from iv in db.VisibleInterviews(caller)
            where iv.StartUtc >= fromUtc && iv.StartUtc < toUtc && (iv.Status == InterviewStatus.Scheduled || iv.Status == InterviewStatus.InProgress)
            join inv in db.Invitations on iv.Id equals inv.InterviewId
            where inv.RevokedAtUtc == null && inv.ExpiresAtUtc > now
            join c in db.Candidates on iv.CandidateId equals c.Id
            join p in db.Positions on iv.PositionId equals p.Id
            orderby iv.StartUtc, c.Name
            select new { Invitation = inv, iv.StartUtc, iv.CandidateTimeZone, c.Name, p.Title }).ToListAsync(ct);

        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            var index = new StringBuilder("\uFEFFtime,candidate,position,link,file\r\n");
            for (var k = 0; k < rows.Count; k++)
            {
                var r = rows[k];
                var code = await CodeOfAsync(r.Invitation, ct);
                var local = TimeZoneInfo.ConvertTimeFromUtc(r.StartUtc, tz);
                var name = $"{local:HHmm}-{k + 1:D3}-{SafeFileName(r.Name)}{Path.GetExtension(code.FileName)}";
                var entry = zip.CreateEntry(name, CompressionLevel.Fastest);
                await using (var s = await entry.OpenAsync(ct))
                {
                    await s.WriteAsync(code.Image, ct);
                }

                var token = protector.Unprotect(r.Invitation.ProtectedToken);
                index.Append(Csv($"{local:yyyy-MM-dd HH:mm}")).Append(',').Append(Csv(r.Name)).Append(',').Append(Csv(r.Title)).Append(',')
                    .Append(Csv(token is null ? "" : LinkFor(portal.Value, token))).Append(',').Append(Csv(name)).Append("\r\n");
                r.Invitation.RecordDownload(now);
                progress?.Report((k + 1) / (double)rows.Count);
            }

            var indexEntry = zip.CreateEntry("index.csv", CompressionLevel.Fastest);
            await using (var s = await indexEntry.OpenAsync(ct))
            {
                await s.WriteAsync(Encoding.UTF8.GetBytes(index.ToString()), ct);
            }
        }

        await using (var tx = await db.Database.BeginTransactionAsync(ct))
        {
            await db.SaveChangesAsync(ct);
            await audit.AppendAsync(db, e with { Summary = $"{day:yyyy-MM-dd} ({timeZone}): {rows.Count} invitations" }, ct);
            await tx.CommitAsync(ct);
        }

        return (buffer.ToArray(), rows.Count);
    }

    private async Task<InvitationCode> CodeOfAsync(Invitation invitation, CancellationToken ct)
    {
        var fileName = $"invitation-{invitation.InterviewId:N}-v{invitation.InterviewVersion}";
        if (invitation.CodeReadyAtUtc is not null && await files.ReadAsync(invitation.Id, ct) is { } stored)
        {
            var (type, extension) = InvitationFiles.TypeOf(stored);
            return new InvitationCode(stored, type, fileName + extension, invitation.CodeKind ?? InvitationCodeKind.LinkQrCode);
        }

        var token = protector.Unprotect(invitation.ProtectedToken) ?? throw new DomainException("InvitationTokenUnavailable");
        return new InvitationCode(qr.RenderPng(LinkFor(portal.Value, token)), "image/png", fileName + ".png", InvitationCodeKind.LinkQrCode);
    }

    /// <summary>The interview's unrevoked invitation, newest first, when the caller may see the interview.</summary>
    private static IQueryable<Invitation> CurrentOf(AppDbContext db, Caller caller, Guid interviewId) =>
        db.Invitations
            .Where(i => i.InterviewId == interviewId && i.RevokedAtUtc == null && db.VisibleInterviews(caller).Any(iv => iv.Id == i.InterviewId))
            .OrderByDescending(i => i.CreatedAtUtc);

    /// <summary>
    /// The invitation's tracking. Its joins are read from the audit trail, where each join's issuance is its only record
    /// (<see cref="JoinCommit.RecordedAsync"/>, decision 0014): the interview's joins while this was its invitation.
    /// </summary>
    private static async Task<InvitationTracking> TrackingAsync(AppDbContext db, Invitation i, CancellationToken ct)
    {
        var joins = await JoinCommit.RecordedAsync(db, i.InterviewId, i.CreatedAtUtc, i.RevokedAtUtc ?? DateTime.MaxValue, ct);
        return new(
            i.CreatedAtUtc, i.CodeReadyAtUtc, i.DownloadCount, i.FirstDownloadedAtUtc, i.PrintCount, i.OpenCount, i.FirstOpenedAtUtc,
            i.OpenedInMiniProgramAtUtc, i.AcceptedAtUtc, joins?.Count ?? 0, joins?.FirstAtUtc);
    }

    private static string SafeFileName(string name)
    {
        var invalid = Path.GetInvalidFileNameChars();
        var cleaned = new string(name.Where(c => !invalid.Contains(c) && !char.IsControl(c) && c != ',').ToArray()).Trim();
        return cleaned.Length == 0 ? "candidate" : cleaned.Length > 40 ? cleaned[..40] : cleaned;
    }

    private static string Csv(string value)
    {
        // Leading = + - @ would be read as a formula by spreadsheet programs.
        var safe = value.Length > 0 && "=+-@\t\r".Contains(value[0]) ? "'" + value : value;
        return safe.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + safe.Replace("\"", "\"\"") + "\"" : safe;
    }
}
