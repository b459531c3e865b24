using InterviewPortal.Domain.Interviews;

namespace InterviewPortal.Domain.Scorecards;

/// <summary>
/// One thing a round's interviewers rate (专业技能, 沟通表达, ...). HR configures 4–6 per round; a scorecard copies the
/// name when it is started, so later edits never change what was rated.
/// </summary>
public sealed class Competency
{
    public const int MinPerRound = 4;
    public const int MaxPerRound = 6;
    public const int NameMaxLength = 40;
    public const int DescriptionMaxLength = 200;

    private Competency()
    {
    }

    public Competency(Guid id, InterviewRound round, int order, string name, string? description)
    {
        Id = id;
        Round = round;
        Order = order;
        Name = name;
        Description = description;
    }

    public Guid Id { get; private set; }

    public InterviewRound Round { get; private set; }

    public int Order { get; private set; }

    public string Name { get; private set; } = "";

    public string? Description { get; private set; }

    internal void Change(int order, string name, string? description)
    {
        Order = order;
        Name = name;
        Description = description;
    }
}

/// <summary>A competency as HR edits it: <see cref="Id"/> is null for a new one.</summary>
public sealed record CompetencyInput(Guid? Id, string? Name, string? Description);

/// <summary>A round's competencies: 4–6, named, names unique.</summary>
public static class CompetencySet
{
    /// <summary>
    /// Applies HR's list to the round's current competencies: kept ids are renamed and reordered, new ones added,
    /// missing ones returned for removal. Nothing changes unless the whole list is valid.
    /// </summary>
    public static (IReadOnlyList<Competency> Added, IReadOnlyList<Competency> Removed) Apply(
        InterviewRound round, IReadOnlyList<Competency> current, IReadOnlyList<CompetencyInput> wanted, Func<Guid> newId)
    {
        if (wanted.Count is < Competency.MinPerRound or > Competency.MaxPerRound)
        {
            throw new DomainException("CompetencyCount", Competency.MinPerRound, Competency.MaxPerRound);
        }

        var clean = new List<(Guid? Id, string Name, string? Description)>();
        foreach (var w in wanted)
        {
            var name = w.Name?.Trim() ?? "";
            if (name.Length == 0)
            {
                throw new DomainException("CompetencyNameRequired");
            }

            if (name.Length > Competency.NameMaxLength)
            {
                throw new DomainException("CompetencyNameTooLong", Competency.NameMaxLength);
            }

            var description = string.IsNullOrWhiteSpace(w.Description) ? null : w.Description.Trim();
            if (description is { Length: > Competency.DescriptionMaxLength })
            {
                throw new DomainException("CompetencyDescriptionTooLong", Competency.DescriptionMaxLength);
            }

            if (clean.Any(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase)))
            {
                throw new DomainException("CompetencyNameDuplicate", name);
            }

            if (w.Id is { } id && current.All(c => c.Id != id))
            {
                throw new DomainException("NotFound");
            }

            clean.Add((w.Id, name, description));
        }

        var added = new List<Competency>();
        for (var i = 0; i < clean.Count; i++)
        {
            var (id, name, description) = clean[i];
            if (id is { } existing)
            {
                current.First(c => c.Id == existing).Change(i + 1, name, description);
            }
            else
            {
                added.Add(new Competency(newId(), round, i + 1, name, description));
            }
        }

        var removed = current.Where(c => clean.All(w => w.Id != c.Id)).ToList();
        return (added, removed);
    }
}
