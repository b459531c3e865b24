using System.Globalization;
using System.Net;
using System.Text;
using InterviewPortal.Domain.Interviews;
using InterviewPortal.Domain.Reminders;
using InterviewPortal.Domain.Scorecards;
using InterviewPortal.Web.Components.Shared;
using InterviewPortal.Web.Data;
using InterviewPortal.Web.Features.Interviews;
using InterviewPortal.Web.Features.Invitations;
using InterviewPortal.Web.Resources;
using InterviewPortal.Web.Setup;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace InterviewPortal.Web.Features.Reminders;

/// <summary>Who a message goes to, with the addresses each channel needs and how to write to them.</summary>
public sealed record ReminderAddressee(string Name, string? Email, string? OpenId, string? UserId, CultureInfo Culture, TimeZoneInfo Zone);

/// <summary>One reminder rendered for its recipient: the same facts as email (text + HTML + .ics), in-app and WeChat fields.</summary>
public sealed record ReminderMessage(
    long ReminderId, ReminderKind Kind, ReminderAddressee To, string Subject, string Text, string Html, string? IcsFileName, string? Ics,
    string InAppKey, string[] InAppArgs, string? Link, IReadOnlyDictionary<string, string> Fields);

/// <summary>What the composer decided: a message, or why none is sent.</summary>
public sealed record Composed(ReminderMessage? Message, ReminderSkipReason? Skip = null, string? Detail = null);

/// <summary>
/// Renders a reminder when it is due, from the interview as it is then, in the recipient's language and time zone. It
/// also decides that a reminder no longer applies: a newer version exists, the interview is no longer scheduled, the
/// interviewer has submitted their scorecard.
/// </summary>
public sealed class ReminderComposer(IStringLocalizer<Strings> l, IOptions<PortalOptions> portal, InvitationTokenProtector protector)
{
    private static readonly CultureInfo Chinese = new("zh-CN");

    public async Task<Composed> ComposeAsync(AppDbContext db, Reminder r, CancellationToken ct) => r.Kind switch
    {
        ReminderKind.PermissionOverdue => await PermissionAsync(db, r, ct),
        ReminderKind.Test => await TestAsync(db, r, ct),
        _ => await InterviewAsync(db, r, ct),
    };

    private async Task<Composed> InterviewAsync(AppDbContext db, Reminder r, CancellationToken ct)
    {
        // A join, not a nested Select(...).First(): EF Core turns that into ROW_NUMBER() over every candidate.
        var i = await db.Interviews.AsNoTracking().Where(x => x.Id == r.SubjectId)
            .Join(db.Candidates, x => x.CandidateId, c => c.Id, (x, c) => new
            {
                x.Id, x.Version, x.Status, x.StartUtc, x.EndUtc, x.DurationMinutes, x.Round, x.CandidateId, x.PositionId, x.CandidateTimeZone, x.VideoRoomId,
                Candidate = new { c.Name, c.Email, c.WeChatOpenId, c.Language },
            })
            .FirstOrDefaultAsync(ct);
        if (i is null)
        {
            return new Composed(null, ReminderSkipReason.NoLongerApplies, "interview not found");
        }

        if (i.Version != r.Version)
        {
            return new Composed(null, ReminderSkipReason.Replaced, $"interview is at version {i.Version}");
        }

        switch (r.Kind)
        {
            case ReminderKind.DayBefore or ReminderKind.HourBefore or ReminderKind.JoinNow when i.Status != InterviewStatus.Scheduled:
            case ReminderKind.FeedbackNudge when i.Status is not (InterviewStatus.Scheduled or InterviewStatus.InProgress or InterviewStatus.Completed):
                return new Composed(null, ReminderSkipReason.NoLongerApplies, $"interview is {i.Status}");
            case ReminderKind.FeedbackNudge when await db.Scorecards.AnyAsync(s => s.InterviewId == i.Id && s.InterviewerId == r.RecipientId && s.Status == ScorecardStatus.Submitted, ct):
                return new Composed(null, ReminderSkipReason.FeedbackSubmitted);
        }

        var candidate = i.Candidate;
        // A dispatcher worker composes many messages for the same positions and people: those reads are kept for its run.
        var position = await _positions.GetOrAddAsync(i.PositionId, () => db.Positions.AsNoTracking().Where(p => p.Id == i.PositionId)
            .Select(p => new PositionFacts(p.Title, db.Users.Where(u => u.Id == p.HiringOwnerId).Select(u => u.DisplayName).FirstOrDefault(),
                db.Users.Where(u => u.Id == p.HiringOwnerId).Select(u => u.Email).FirstOrDefault()))
            .FirstAsync(ct));
        var owner = position.OwnerName is null ? null : new { DisplayName = position.OwnerName, Email = position.OwnerEmail };
        var forCandidate = r.RecipientRole == ReminderRecipientRole.Candidate;
        ReminderAddressee to;
        string? link;
        if (forCandidate)
        {
            to = new ReminderAddressee(candidate.Name, candidate.Email, candidate.WeChatOpenId, null, CultureOf(candidate.Language), Zone(i.CandidateTimeZone));
            var invitation = r.Kind == ReminderKind.Cancelled ? null : await db.Invitations.AsNoTracking()
                .Where(x => x.InterviewId == i.Id && x.InterviewVersion == i.Version && x.RevokedAtUtc == null).Select(x => x.ProtectedToken).FirstOrDefaultAsync(ct);
            link = invitation is not null && protector.Unprotect(invitation) is { } token ? InvitationService.LinkFor(portal.Value, token) : null;
        }
        else
        {
            var user = await UserAsync(db, r.RecipientId, ct);
            if (user is null)
            {
                return new Composed(null, ReminderSkipReason.NoAddress, "user not found or disabled");
            }

            to = user;
            link = new Uri(portal.Value.PublicBase, $"interviews/{i.Id}").ToString();
        }

        return new Composed(Render(to, () =>
        {
            var round = l.Label(i.Round).ToString();
            var start = When(i.StartUtc, to);
            string[] args = [candidate.Name, position.Title, round, start, i.DurationMinutes.ToString(CultureInfo.InvariantCulture)];
            var lead = forCandidate ? l[$"ReminderLeadCandidate_{r.Kind}", args].Value : l[$"ReminderLead_{r.Kind}", args].Value;
            var subject = l[$"ReminderSubject_{r.Kind}", args].Value;
            var rows = new List<(string, string)> { (l["ReminderFieldPosition"], position.Title), (l["ReminderFieldRound"], round), (l["ReminderFieldTime"], start) };
            rows.Add((l["ReminderFieldDuration"], l["ReminderMinutes", i.DurationMinutes]));
            if (!forCandidate)
            {
                rows.Add((l["ReminderFieldCandidate"], candidate.Name));
            }

            string? ics = null;
            if (r.Kind != ReminderKind.FeedbackNudge)
            {
                ics = InterviewCalendar.Build(new InviteContent(
                    i.Id, i.Version, r.Kind == ReminderKind.Cancelled, i.StartUtc, i.EndUtc,
                    forCandidate ? $"{position.Title} · {round}" : $"{position.Title} · {round} · {candidate.Name}",
                    forCandidate ? (link is null ? l["ReminderIcsCandidate"] : $"{l["ReminderIcsCandidate"]} {link}") : r.RecipientRole == ReminderRecipientRole.Agency ? l["InviteDescriptionAgency"] : l["InviteDescription", i.VideoRoomId],
                    owner?.DisplayName ?? "InterviewPortal", owner?.Email ?? "noreply@interviewportal.local", to.Zone.Id,
                    to.Email is null ? [] : [(to.Name, to.Email)]));
            }

            var linkText = forCandidate ? l["ReminderLinkCandidate"] : r.Kind == ReminderKind.FeedbackNudge ? l["ReminderLinkFeedback"] : l["ReminderLinkInterview"];
            var fields = new Dictionary<string, string>
            {
                ["position"] = position.Title,
                ["round"] = round,
                // WeChat's time type: 24-hour "yyyy-MM-dd HH:mm", in the recipient's zone.
                ["start"] = TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(i.StartUtc, DateTimeKind.Utc), to.Zone).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
                ["candidate"] = candidate.Name,
                ["title"] = l[$"ReminderKind_{r.Kind}"],
                ["note"] = l[$"ReminderNote_{r.Kind}"],
            };
            return new ReminderMessage(r.Id, r.Kind, to, subject, Text(subject, lead, rows, link, linkText), Html(subject, lead, rows, link, linkText), ics is null ? null : InterviewCalendar.FileName(i.Id, i.Version), ics,
                $"ReminderInApp_{r.Kind}", [candidate.Name, position.Title, round, start], link, fields);
        }));
    }

    private async Task<Composed> PermissionAsync(AppDbContext db, Reminder r, CancellationToken ct)
    {
        var app = await db.PermissionApplications.AsNoTracking().Where(a => a.Id == r.SubjectId).Select(a => new { a.Id, a.AppId, a.State }).FirstOrDefaultAsync(ct);
        if (app is null || app.State is not (Domain.Permission.PermissionState.Submitted or Domain.Permission.PermissionState.UnderReview))
        {
            return new Composed(null, ReminderSkipReason.NoLongerApplies, app is null ? "application not found" : $"application is {app.State}");
        }

        var to = await UserAsync(db, r.RecipientId, ct);
        if (to is null)
        {
            return new Composed(null, ReminderSkipReason.NoAddress, "user not found or disabled");
        }

        var link = new Uri(portal.Value.PublicBase, $"permission/{app.Id}").ToString();
        return new Composed(Render(to, () =>
        {
            string[] args = [app.AppId ?? "", r.Occasion.ToString(CultureInfo.InvariantCulture), r.Version.ToString(CultureInfo.InvariantCulture)];
            var subject = l["ReminderSubject_PermissionOverdue", args].Value;
            var lead = l["ReminderLead_PermissionOverdue", args].Value;
            var linkText = l["ReminderLinkPermission"].Value;
            return new ReminderMessage(r.Id, r.Kind, to, subject, Text(subject, lead, [], link, linkText), Html(subject, lead, [], link, linkText), null, null,
                "ReminderInApp_PermissionOverdue", args, link, new Dictionary<string, string> { ["title"] = subject, ["note"] = lead });
        }));
    }

    private async Task<Composed> TestAsync(AppDbContext db, Reminder r, CancellationToken ct)
    {
        // A WeChat test goes to the openid the admin typed; the others to the admin who asked.
        var to = r.Channel == ReminderChannel.WeChat
            ? new ReminderAddressee(r.RecipientId, null, r.RecipientId, null, Chinese, Zone(null))
            : await UserAsync(db, r.RecipientId, ct);
        if (to is null)
        {
            return new Composed(null, ReminderSkipReason.NoAddress, "user not found or disabled");
        }

        return new Composed(Render(to, () =>
        {
            var subject = l["ReminderSubject_Test"].Value;
            var lead = l["ReminderLead_Test", When(r.CreatedAtUtc, to)].Value;
            var now = TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(r.CreatedAtUtc, DateTimeKind.Utc), to.Zone).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
            return new ReminderMessage(r.Id, r.Kind, to, subject, Text(subject, lead, [], null, ""), Html(subject, lead, [], null, ""), null, null,
                "ReminderInApp_Test", [], null, new Dictionary<string, string>
                {
                    ["position"] = "InterviewPortal", ["round"] = "-", ["start"] = now, ["candidate"] = "-", ["title"] = subject, ["note"] = subject,
                });
        }));
    }

    private sealed record PositionFacts(string Title, string? OwnerName, string? OwnerEmail);

    private readonly Memo<Guid, PositionFacts> _positions = new();
    private readonly Memo<string, ReminderAddressee?> _users = new();

    private Task<ReminderAddressee?> UserAsync(AppDbContext db, string userId, CancellationToken ct) =>
        _users.GetOrAddAsync(userId, () => ReadUserAsync(db, userId, ct));

    private static async Task<ReminderAddressee?> ReadUserAsync(AppDbContext db, string userId, CancellationToken ct)
    {
        var u = await db.Users.AsNoTracking().Where(x => x.Id == userId && !x.IsDisabled).Select(x => new { x.Id, x.DisplayName, x.Email, x.TimeZone, x.Language }).FirstOrDefaultAsync(ct);
        return u is null ? null : new ReminderAddressee(u.DisplayName, u.Email, null, u.Id, CultureOf(u.Language), Zone(u.TimeZone));
    }

    /// <summary>A supported culture (zh-CN or en-US); anything else reads as Chinese, the portal's default.</summary>
    public static CultureInfo CultureOf(string? language) =>
        ShellSetup.SupportedCultures.FirstOrDefault(c => string.Equals(c.Name, language, StringComparison.OrdinalIgnoreCase)
            || string.Equals(c.TwoLetterISOLanguageName, language, StringComparison.OrdinalIgnoreCase)) ?? Chinese;

    private static TimeZoneInfo Zone(string? id) =>
        TimeZoneInfo.TryFindSystemTimeZoneById(id ?? Interview.DefaultTimeZone, out var tz) ? tz : TimeZoneInfo.FindSystemTimeZoneById(Interview.DefaultTimeZone);

    /// <summary>"2026-11-27 周五 09:00 (Asia/Shanghai)": the recipient's wall clock, with the zone named so nobody guesses.</summary>
    private static string When(DateTime utc, ReminderAddressee to) =>
        TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), to.Zone).ToString("yyyy-MM-dd ddd HH:mm", to.Culture) + $" ({to.Zone.Id})";

    /// <summary>Renders under the recipient's culture (the localizer reads the current UI culture), then restores it.</summary>
    private static ReminderMessage Render(ReminderAddressee to, Func<ReminderMessage> render)
    {
        var (culture, ui) = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        try
        {
            CultureInfo.CurrentCulture = to.Culture;
            CultureInfo.CurrentUICulture = to.Culture;
            return render();
        }
        finally
        {
            CultureInfo.CurrentCulture = culture;
            CultureInfo.CurrentUICulture = ui;
        }
    }

    private static string Text(string subject, string lead, IReadOnlyList<(string Label, string Value)> rows, string? link, string linkText)
    {
        var b = new StringBuilder().AppendLine(subject).AppendLine().AppendLine(lead).AppendLine();
        foreach (var (label, value) in rows)
        {
            b.Append(label).Append(": ").AppendLine(value);
        }

        if (link is not null)
        {
            b.AppendLine().Append(linkText).Append(": ").AppendLine(link);
        }

        return b.ToString();
    }

    private static string Html(string subject, string lead, IReadOnlyList<(string Label, string Value)> rows, string? link, string linkText)
    {
        static string E(string s) => WebUtility.HtmlEncode(s);
        var b = new StringBuilder("<!DOCTYPE html><html><body style=\"font-family:-apple-system,'Segoe UI','PingFang SC','Microsoft YaHei',sans-serif;color:#1f2937\">");
        b.Append("<h2 style=\"font-size:18px\">").Append(E(subject)).Append("</h2><p>").Append(E(lead)).Append("</p>");
        if (rows.Count > 0)
        {
            b.Append("<table style=\"border-collapse:collapse\">");
            foreach (var (label, value) in rows)
            {
                b.Append("<tr><td style=\"padding:4px 12px 4px 0;color:#6b7280\">").Append(E(label)).Append("</td><td style=\"padding:4px 0\">").Append(E(value)).Append("</td></tr>");
            }

            b.Append("</table>");
        }

        if (link is not null)
        {
            b.Append("<p><a href=\"").Append(E(link)).Append("\">").Append(E(linkText)).Append("</a></p>");
        }

        return b.Append("</body></html>").ToString();
    }
}

/// <summary>Reads kept for the composer's lifetime (one dispatcher worker's run, under a minute).</summary>
internal sealed class Memo<TKey, TValue>
    where TKey : notnull
{
    private readonly Dictionary<TKey, TValue> _values = [];

    public async Task<TValue> GetOrAddAsync(TKey key, Func<Task<TValue>> read)
    {
        if (_values.TryGetValue(key, out var value))
        {
            return value;
        }

        value = await read();
        _values[key] = value;
        return value;
    }
}
