namespace InterviewPortal.Domain.Permission;

/// <summary>
/// A WeChat mini-program service category (服务类目) as data: its path, qualifications, scenarios and whether WeChat's
/// current live-pusher documentation lists it. Editable by admins; every edit bumps <see cref="Version"/> and records the
/// date the entry was last checked against WeChat's page.
/// </summary>
public sealed class ServiceCategory
{
    public const int LevelMaxLength = 50;
    public const int TextMaxLength = 1000;

    private ServiceCategory()
    {
    }

    public Guid Id { get; private set; }

    public string Level1 { get; private set; } = "";

    public string? Level2 { get; private set; }

    public string? Level3 { get; private set; }

    public string RequiredQualifications { get; private set; } = "";

    public string? OptionalQualifications { get; private set; }

    public string Scenarios { get; private set; } = "";

    public bool EligibleForLivePusher { get; private set; }

    /// <summary>For an ineligible entry: the eligible category to pick instead.</summary>
    public Guid? EligibleAlternativeId { get; private set; }

    /// <summary>Where the entry came from or what changed (e.g. "seed guide v1.0; not on WeChat's current list").</summary>
    public string? Note { get; private set; }

    public DateOnly LastCheckedOn { get; private set; }

    public int Version { get; private set; }

    public string Path => string.Join(" › ", new[] { Level1, Level2, Level3 }.Where(l => !string.IsNullOrWhiteSpace(l)));

    public static ServiceCategory Create(
        Guid id, string level1, string? level2, string? level3, string requiredQualifications, string? optionalQualifications,
        string scenarios, bool eligible, Guid? alternativeId, string? note, DateOnly lastCheckedOn)
    {
        var c = new ServiceCategory { Id = id, Version = 0 };
        c.Update(level1, level2, level3, requiredQualifications, optionalQualifications, scenarios, eligible, alternativeId, note, lastCheckedOn);
        return c;
    }

    public void Update(
        string level1, string? level2, string? level3, string requiredQualifications, string? optionalQualifications,
        string scenarios, bool eligible, Guid? alternativeId, string? note, DateOnly lastCheckedOn)
    {
        Level1 = Required(level1, LevelMaxLength);
        Level2 = Optional(level2, LevelMaxLength);
        Level3 = Optional(level3, LevelMaxLength);
        if (Level3 is not null && Level2 is null)
        {
            throw new DomainException("PermissionCategoryLevelGap");
        }

        RequiredQualifications = Required(requiredQualifications, TextMaxLength);
        OptionalQualifications = Optional(optionalQualifications, TextMaxLength);
        Scenarios = Required(scenarios, TextMaxLength);
        EligibleForLivePusher = eligible;
        if (alternativeId == Id)
        {
            throw new DomainException("PermissionCategoryAlternativeSelf");
        }

        EligibleAlternativeId = eligible ? null : alternativeId;
        Note = Optional(note, TextMaxLength);
        LastCheckedOn = lastCheckedOn;
        Version++;
    }

    private static string Required(string? value, int max) =>
        Optional(value, max) ?? throw new DomainException("PermissionCategoryFieldRequired");

    private static string? Optional(string? value, int max)
    {
        value = value?.Trim();
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        return value.Length > max ? throw new DomainException("PermissionCategoryFieldTooLong", max) : value;
    }
}
