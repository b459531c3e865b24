using InterviewPortal.Domain.Interviews;

namespace InterviewPortal.Domain.Recruiting;

/// <summary>An opening, with the rounds its interviews usually go through.</summary>
public sealed class Position
{
    public const int TitleMaxLength = 100;

    private Position()
    {
    }

    public Guid Id { get; private set; }

    public string Title { get; private set; } = "";

    public string Department { get; private set; } = "";

    public string Location { get; private set; } = "";

    /// <summary>The HR user who owns the hiring for this position.</summary>
    public string HiringOwnerId { get; private set; } = "";

    public bool IsOpen { get; private set; }

    public DateTime CreatedAtUtc { get; private set; }

    public List<PositionRound> DefaultRounds { get; private set; } = [];

    public static Position Create(Guid id, string title, string department, string location, string hiringOwnerId, IEnumerable<PositionRound> rounds, DateTime nowUtc)
    {
        var p = new Position { Id = id, IsOpen = true, CreatedAtUtc = nowUtc };
        p.Update(title, department, location, hiringOwnerId, rounds);
        return p;
    }

    public void Update(string title, string department, string location, string hiringOwnerId, IEnumerable<PositionRound> rounds)
    {
        title = (title ?? "").Trim();
        if (title.Length == 0)
        {
            throw new DomainException("PositionTitleRequired");
        }

        if (title.Length > TitleMaxLength)
        {
            throw new DomainException("PositionTitleTooLong", TitleMaxLength);
        }

        if (string.IsNullOrWhiteSpace(hiringOwnerId))
        {
            throw new DomainException("PositionOwnerRequired");
        }

        var list = rounds.ToList();
        if (list.Select(r => r.Round).Distinct().Count() != list.Count)
        {
            throw new DomainException("PositionRoundRepeated");
        }

        foreach (var r in list)
        {
            InterviewRules.CheckDuration(r.DurationMinutes);
            InterviewRules.CheckInterviewerCount(r.InterviewerIds, allowNone: true);
        }

        Title = title;
        Department = (department ?? "").Trim();
        Location = (location ?? "").Trim();
        HiringOwnerId = hiringOwnerId;
        DefaultRounds = list.OrderBy(r => r.Round).ToList();
    }

    public void SetOpen(bool open) => IsOpen = open;
}

/// <summary>A round a position's interviews usually have, with its default interviewers and length.</summary>
public sealed record PositionRound(InterviewRound Round, int DurationMinutes, List<string> InterviewerIds);
