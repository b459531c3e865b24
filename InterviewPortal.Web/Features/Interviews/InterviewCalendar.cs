using Ical.Net;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;
using InterviewPortal.Domain.Interviews;

namespace InterviewPortal.Web.Features.Interviews;

/// <summary>What goes into an interview's calendar invite.</summary>
public sealed record InviteContent(
    Guid InterviewId, int Version, bool Cancelled, DateTime StartUtc, DateTime EndUtc, string Summary, string Description,
    string OrganizerName, string OrganizerEmail, string OrganizerTimeZone, IReadOnlyList<(string Name, string Email)> Attendees);

/// <summary>
/// RFC 5545 invites: one stable UID per interview and SEQUENCE = the interview's version, so a reschedule or
/// cancellation updates the event already in the calendar instead of adding a second one.
/// </summary>
public static class InterviewCalendar
{
    public const string UidDomain = "interviewportal";

    public static string UidFor(Guid interviewId) => $"interview-{interviewId:N}@{UidDomain}";

    public static string Build(InviteContent invite)
    {
        var calendar = new Calendar
        {
            ProductId = "-//InterviewPortal//Interviews//ZH",
            Method = invite.Cancelled ? "CANCEL" : "REQUEST",
        };
        if (TimeZoneInfo.TryFindSystemTimeZoneById(invite.OrganizerTimeZone, out _))
        {
            calendar.AddTimeZone(invite.OrganizerTimeZone);
        }

        var e = new CalendarEvent
        {
            Uid = UidFor(invite.InterviewId),
            Sequence = invite.Version,
            Summary = invite.Summary,
            Description = invite.Description,
            DtStart = new CalDateTime(DateTime.SpecifyKind(invite.StartUtc, DateTimeKind.Utc)),
            DtEnd = new CalDateTime(DateTime.SpecifyKind(invite.EndUtc, DateTimeKind.Utc)),
            DtStamp = new CalDateTime(DateTime.UtcNow),
            Status = invite.Cancelled ? EventStatus.Cancelled : EventStatus.Confirmed,
            Organizer = new Organizer($"mailto:{invite.OrganizerEmail}") { CommonName = invite.OrganizerName },
        };
        foreach (var (name, email) in invite.Attendees)
        {
            e.Attendees.Add(new Attendee($"mailto:{email}") { CommonName = name, Role = ParticipationRole.RequiredParticipant, Rsvp = !invite.Cancelled });
        }

        calendar.Events.Add(e);
        return new CalendarSerializer().SerializeToString(calendar)!;
    }

    public static string FileName(Guid interviewId, int version) => $"interview-{interviewId:N}-v{version}.ics";
}
