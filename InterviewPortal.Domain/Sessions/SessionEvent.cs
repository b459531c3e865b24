namespace InterviewPortal.Domain.Sessions;

public enum SessionEventKind
{
    RoomOpened,
    RoomClosed,
    Joined,
    Left,
    StreamStarted,
    StreamStopped,
}

public enum SessionParty
{
    Unknown,
    Candidate,
    Interviewer,
}

/// <summary>The kind of client a participant joined from (ZEGO's <c>term_type</c>; other values are kept as Other).</summary>
public enum SessionDevice
{
    Unknown = 0,
    IOS = 2,
    Android = 3,
    Web = 6,
    MiniProgram = 7,
    Other = 99,
}

/// <summary>
/// One fact of an interview's video session (a room opened or closed, someone joined or left, a stream started or
/// stopped), in neutral terms. <see cref="SourceId"/> is the stored vendor callback it came from and is unique, so
/// processing a callback twice adds one row. Rows are read in <see cref="AtUtc"/> order (when it happened), never in
/// the order they arrived.
/// </summary>
public sealed class SessionEvent
{
    private SessionEvent()
    {
    }

    public long Id { get; private set; }

    public long SourceId { get; private set; }

    public Guid InterviewId { get; private set; }

    /// <summary>The room's life-cycle id (a 64-bit unsigned number, kept as its decimal text).</summary>
    public string RoomSessionId { get; private set; } = "";

    public SessionEventKind Kind { get; private set; }

    public SessionParty Party { get; private set; }

    /// <summary>The panel member's portal user id when <see cref="Party"/> is Interviewer.</summary>
    public string? PanelUserId { get; private set; }

    public DateTime AtUtc { get; private set; }

    public SessionDevice Device { get; private set; }

    /// <summary>0 no token, 1–4 the token version used to log in.</summary>
    public int? AuthLevel { get; private set; }

    /// <summary>A login that the vendor marks as a re-login, or a stream resumed within its grace period.</summary>
    public bool Reconnect { get; private set; }

    /// <summary>The vendor's reason code for a leave, a stream stop or a room close (0 = normal).</summary>
    public int? ReasonCode { get; private set; }

    public static SessionEvent Create(
        long sourceId, Guid interviewId, string roomSessionId, SessionEventKind kind, SessionParty party, string? panelUserId, DateTime atUtc,
        SessionDevice device = SessionDevice.Unknown, int? authLevel = null, bool reconnect = false, int? reasonCode = null) => new()
        {
            SourceId = sourceId,
            InterviewId = interviewId,
            RoomSessionId = roomSessionId,
            Kind = kind,
            Party = party,
            PanelUserId = party == SessionParty.Interviewer ? panelUserId : null,
            AtUtc = DateTime.SpecifyKind(atUtc, DateTimeKind.Utc),
            Device = device,
            AuthLevel = authLevel,
            Reconnect = reconnect,
            ReasonCode = reasonCode,
        };

    /// <summary>Who this is about: "candidate", a panel user id, or null (a room event or someone not on the interview).</summary>
    public string? PartyKey => Party switch
    {
        SessionParty.Candidate => "candidate",
        SessionParty.Interviewer => PanelUserId,
        _ => null,
    };

    /// <summary>A leave that was not the person's own choice (heartbeat timeout, connection lost, token expired).</summary>
    public bool IsErrorLeave => Kind == SessionEventKind.Left && ReasonCode is 1 or 2 or 4;
}
