using InterviewPortal.Domain.Permission;

namespace InterviewPortal.Web.Features.Permission;

public sealed record PermissionApplicationRow(Guid Id, string AppId, string ProductName, PermissionState State, string? CategoryPath, DateTime CreatedAtUtc);

public sealed record CategoryRow(
    Guid Id, string Path, string Level1, string? Level2, string? Level3, string RequiredQualifications, string? OptionalQualifications,
    string Scenarios, bool Eligible, Guid? AlternativeId, string? AlternativePath, string? Note, DateOnly LastCheckedOn, int Version);

public sealed class CategoryForm
{
    public string? Level1 { get; set; }

    public string? Level2 { get; set; }

    public string? Level3 { get; set; }

    public string? RequiredQualifications { get; set; }

    public string? OptionalQualifications { get; set; }

    public string? Scenarios { get; set; }

    public bool Eligible { get; set; }

    public Guid? AlternativeId { get; set; }

    public string? Note { get; set; }

    public DateTime? LastCheckedOn { get; set; }

    public int Version { get; set; }

    public static CategoryForm From(CategoryRow c) => new()
    {
        Level1 = c.Level1, Level2 = c.Level2, Level3 = c.Level3, RequiredQualifications = c.RequiredQualifications,
        OptionalQualifications = c.OptionalQualifications, Scenarios = c.Scenarios, Eligible = c.Eligible,
        AlternativeId = c.AlternativeId, Note = c.Note, LastCheckedOn = c.LastCheckedOn.ToDateTime(TimeOnly.MinValue), Version = c.Version,
    };
}

/// <summary>What the page shows after a category is picked: an ineligible one names the eligible alternative and the check date.</summary>
public sealed record CategoryChoice(string Path, bool Eligible, string? AlternativePath, DateOnly CheckedOn);

public sealed record MaterialRow(
    Guid Id, MaterialKind Kind, string FileName, string ContentType, int Width, int Height, long SizeBytes, int SubmissionNumber,
    DateTime UploadedAtUtc, string? UploadedByName, DateTime? ReplacedAtUtc);

public sealed record SubmissionRow(
    int Number, DateTime StartedAtUtc, DateTime? SubmittedAtUtc, string? SubmittedByName, DateTime? UnderReviewAtUtc,
    DateTime? DecidedAtUtc, string? DecidedByName, SubmissionOutcome Outcome, RejectionReason? RejectionReason, string? RejectionNote,
    string? CategoryPath, bool? CategoryEligible, string? LicenceCompanyName, string? IcpNumber, string? IcpEntityName,
    string? BusinessDescription, IReadOnlyList<MaterialRow> Materials);

public sealed record SwitchRow(LiveSwitch Switch, string? ByName, DateTime? AtUtc);

/// <summary>One phase of the guide's six-week plan against this application's actual dates.</summary>
public sealed record TimelinePhase(string Key, DateOnly PlannedStart, DateOnly PlannedEnd, DateOnly? ActualStart, DateOnly? ActualEnd);

public sealed record PermissionDetails(
    Guid Id, string AppId, string ProductName, string? OwnerName, PermissionState State, Guid? CategoryId, CategoryChoice? Category,
    string? LicenceCompanyName, string? IcpNumber, string? IcpEntityName, string? BusinessDescription,
    IReadOnlyList<SubmitRequirement> Missing, IReadOnlyList<MaterialKind> MissingRecommended,
    IReadOnlyList<MaterialRow> Materials, IReadOnlyList<SubmissionRow> Submissions, int CurrentSubmission,
    ReviewClock? Review, IReadOnlyList<SwitchRow> Switches, JoinMode JoinMode, DateTime CreatedAtUtc, IReadOnlyList<TimelinePhase> Timeline);

/// <summary>The dashboard card: state, working days in review, the next step.</summary>
public sealed record PermissionCardModel(Guid? Id, string? AppId, PermissionState State, int? WorkingDaysInReview, bool Overdue, string NextStepKey);

public sealed record CalendarDayRow(DateOnly Date, CalendarDayKind Kind, string Name);
