using System.Text.RegularExpressions;

namespace InterviewPortal.Domain.Permission;

/// <summary>
/// The live-pusher / live-player permission application of one mini-program (AppID). Its state machine:
/// NotStarted → Preparing → Submitted → UnderReview → Approved → Enabled; a rejection (from Submitted or UnderReview)
/// closes submission n with the reviewer's reason and returns to Preparing as submission n+1. Every submission stays,
/// with what was submitted, so the next one can be compared with it.
/// </summary>
public sealed partial class PermissionApplication
{
    public const int CompanyNameMaxLength = 100;
    public const int ProductNameMaxLength = 60;
    public const int DescriptionMaxLength = 20_000;
    public const int RejectionNoteMaxLength = 1000;

    private readonly List<PermissionSubmission> _submissions = [];
    private readonly List<PermissionMaterial> _materials = [];

    private PermissionApplication()
    {
    }

    public Guid Id { get; private set; }

    /// <summary>The mini-program's AppID (wx + 16 hex digits); one application per AppID.</summary>
    public string AppId { get; private set; } = "";

    /// <summary>The mini-program's name, used by the business description.</summary>
    public string ProductName { get; private set; } = "";

    /// <summary>Who is reminded when the review is overdue.</summary>
    public string OwnerId { get; private set; } = "";

    public PermissionState State { get; private set; }

    public Guid? CategoryId { get; private set; }

    /// <summary>The category's path when it was picked (the category list may change later).</summary>
    public string? CategoryPath { get; private set; }

    /// <summary>Whether WeChat's list had the category as eligible when it was picked; an ineligible pick is allowed.</summary>
    public bool? CategoryEligible { get; private set; }

    /// <summary>The company name on the business licence (营业执照).</summary>
    public string? LicenceCompanyName { get; private set; }

    public string? IcpNumber { get; private set; }

    /// <summary>The ICP filing's entity (备案主体); must equal the licence's company name.</summary>
    public string? IcpEntityName { get; private set; }

    /// <summary>The business description (业务说明) as Markdown.</summary>
    public string? BusinessDescription { get; private set; }

    public DateTime CreatedAtUtc { get; private set; }

    public DateTime? ApprovedAtUtc { get; private set; }

    public string? LivePlayerSwitchedBy { get; private set; }

    public DateTime? LivePlayerSwitchedAtUtc { get; private set; }

    public string? LivePusherSwitchedBy { get; private set; }

    public DateTime? LivePusherSwitchedAtUtc { get; private set; }

    public DateTime? EnabledAtUtc { get; private set; }

    public IReadOnlyList<PermissionSubmission> Submissions => _submissions;

    public IReadOnlyList<PermissionMaterial> Materials => _materials;

    /// <summary>The submission being prepared or reviewed (the highest number); none before preparing starts.</summary>
    public PermissionSubmission? Current => _submissions.Count == 0 ? null : _submissions.MaxBy(s => s.Number);

    /// <summary>The current file of each kind (replaced files stay attached to their submission).</summary>
    public IEnumerable<PermissionMaterial> CurrentMaterials => _materials.Where(m => m.ReplacedAtUtc is null);

    public static PermissionApplication Start(Guid id, string? appId, string? productName, string ownerId, DateTime nowUtc)
    {
        var app = new PermissionApplication
        {
            Id = id,
            AppId = NormalizeAppId(appId),
            ProductName = Text(productName, ProductNameMaxLength, "PermissionProductNameRequired"),
            OwnerId = ownerId,
            State = PermissionState.NotStarted,
            CreatedAtUtc = nowUtc,
        };
        return app;
    }

    public static string NormalizeAppId(string? appId)
    {
        var value = (appId ?? "").Trim();
        return AppIdPattern().IsMatch(value) ? value : throw new DomainException("PermissionAppIdFormat");
    }

    /// <summary>Picks the category. An ineligible one is allowed (the caller shows the warning) and recorded as such.</summary>
    public void ChooseCategory(ServiceCategory category, DateTime nowUtc)
    {
        BeginEditing(nowUtc);
        CategoryId = category.Id;
        CategoryPath = category.Path;
        CategoryEligible = category.EligibleForLivePusher;
    }

    /// <summary>The licence company and the ICP filing. The ICP number's form is checked now; the entity match at Submit.</summary>
    public void SetFiling(string? licenceCompanyName, string? icpNumber, string? icpEntityName, DateTime nowUtc)
    {
        var number = string.IsNullOrWhiteSpace(icpNumber) ? null : Permission.IcpNumber.Normalize(icpNumber);
        BeginEditing(nowUtc);
        LicenceCompanyName = Optional(licenceCompanyName, CompanyNameMaxLength);
        IcpNumber = number;
        IcpEntityName = Optional(icpEntityName, CompanyNameMaxLength);
    }

    public void SetBusinessDescription(string? markdown, DateTime nowUtc)
    {
        var text = markdown?.Trim();
        if (text?.Length > DescriptionMaxLength)
        {
            throw new DomainException("PermissionDescriptionTooLong", DescriptionMaxLength);
        }

        BeginEditing(nowUtc);
        BusinessDescription = string.IsNullOrEmpty(text) ? null : text;
    }

    /// <summary>Attaches an inspected image; the file it replaces stays, marked replaced, on the submission it came with.</summary>
    public PermissionMaterial AddMaterial(Guid fileId, MaterialKind kind, string? fileName, ImageInfo image, long sizeBytes, string sha256, string by, DateTime nowUtc)
    {
        BeginEditing(nowUtc);
        foreach (var old in _materials.Where(m => m.Kind == kind && m.ReplacedAtUtc is null))
        {
            old.MarkReplaced(nowUtc);
        }

        var material = PermissionMaterial.Create(fileId, Id, Current!.Number, kind, fileName, image, sizeBytes, sha256, by, nowUtc);
        _materials.Add(material);
        return material;
    }

    /// <summary>What still blocks Submit, in checklist order.</summary>
    public IReadOnlyList<SubmitRequirement> MissingForSubmit()
    {
        var missing = new List<SubmitRequirement>();
        if (CategoryId is null)
        {
            missing.Add(SubmitRequirement.Category);
        }

        if (!CurrentMaterials.Any(m => m.Kind == MaterialKind.BusinessLicence))
        {
            missing.Add(SubmitRequirement.BusinessLicence);
        }

        if (LicenceCompanyName is null)
        {
            missing.Add(SubmitRequirement.LicenceCompanyName);
        }

        if (IcpNumber is null)
        {
            missing.Add(SubmitRequirement.IcpNumber);
        }

        if (IcpEntityName is null || LicenceCompanyName is null || !SameEntity(IcpEntityName, LicenceCompanyName))
        {
            missing.Add(SubmitRequirement.IcpEntityMatchesLicence);
        }

        if (BusinessDescription is null)
        {
            missing.Add(SubmitRequirement.BusinessDescription);
        }

        return missing;
    }

    /// <summary>The recommended screenshots not yet uploaded (they do not block Submit).</summary>
    public IReadOnlyList<MaterialKind> MissingRecommended() =>
        [.. RecommendedScreenshots.Where(k => !CurrentMaterials.Any(m => m.Kind == k))];

    public static readonly IReadOnlyList<MaterialKind> RecommendedScreenshots =
        [MaterialKind.ScreenshotHome, MaterialKind.ScreenshotCreateInterview, MaterialKind.ScreenshotVideoInterview, MaterialKind.ScreenshotInterviewList];

    public void Submit(string by, DateTime nowUtc)
    {
        Require(PermissionState.Preparing);
        var missing = MissingForSubmit();
        if (missing.Count > 0)
        {
            throw new DomainException("PermissionSubmitMissing", missing.Count);
        }

        Current!.MarkSubmitted(this, by, nowUtc);
        State = PermissionState.Submitted;
    }

    public void MarkUnderReview(DateTime nowUtc)
    {
        Require(PermissionState.Submitted);
        Current!.MarkUnderReview(nowUtc);
        State = PermissionState.UnderReview;
    }

    /// <summary>Closes the current submission as rejected and opens the next one in Preparing, keeping all materials.</summary>
    public PermissionSubmission Reject(RejectionReason reason, string? note, string by, DateTime nowUtc)
    {
        Require(PermissionState.Submitted, PermissionState.UnderReview);
        var text = Optional(note, RejectionNoteMaxLength);
        if (reason == RejectionReason.Other && text is null)
        {
            throw new DomainException("PermissionRejectionNoteRequired");
        }

        Current!.Close(SubmissionOutcome.Rejected, reason, text, by, nowUtc);
        var next = PermissionSubmission.Open(Id, Current.Number + 1, nowUtc);
        _submissions.Add(next);
        State = PermissionState.Preparing;
        return next;
    }

    public void Approve(string by, DateTime nowUtc)
    {
        Require(PermissionState.Submitted, PermissionState.UnderReview);
        Current!.Close(SubmissionOutcome.Approved, null, null, by, nowUtc);
        ApprovedAtUtc = nowUtc;
        State = PermissionState.Approved;
    }

    /// <summary>Ticks one console switch (by a named user, at a time); both ticked → Enabled. Returns whether it is now Enabled.</summary>
    public bool TickSwitch(LiveSwitch which, string by, DateTime nowUtc)
    {
        Require(PermissionState.Approved);
        if (which == LiveSwitch.LivePlayer)
        {
            if (LivePlayerSwitchedAtUtc is not null)
            {
                throw new DomainException("PermissionSwitchAlreadyTicked");
            }

            (LivePlayerSwitchedBy, LivePlayerSwitchedAtUtc) = (by, nowUtc);
        }
        else
        {
            if (LivePusherSwitchedAtUtc is not null)
            {
                throw new DomainException("PermissionSwitchAlreadyTicked");
            }

            (LivePusherSwitchedBy, LivePusherSwitchedAtUtc) = (by, nowUtc);
        }

        if (LivePlayerSwitchedAtUtc is not null && LivePusherSwitchedAtUtc is not null)
        {
            State = PermissionState.Enabled;
            EnabledAtUtc = nowUtc;
            return true;
        }

        return false;
    }

    /// <summary>When the review clock started: the current submission's submit time, while it is with WeChat.</summary>
    public DateTime? InReviewSinceUtc =>
        State is PermissionState.Submitted or PermissionState.UnderReview ? Current?.SubmittedAtUtc : null;

    /// <summary>Company names compared as a reviewer would: ignoring spaces and full-/half-width brackets.</summary>
    public static bool SameEntity(string a, string b) => Canonical(a) == Canonical(b);

    private static string Canonical(string s) =>
        string.Concat(s.Where(c => !char.IsWhiteSpace(c))).Replace('（', '(').Replace('）', ')');

    private void BeginEditing(DateTime nowUtc)
    {
        if (State == PermissionState.NotStarted)
        {
            State = PermissionState.Preparing;
            _submissions.Add(PermissionSubmission.Open(Id, 1, nowUtc));
            return;
        }

        Require(PermissionState.Preparing);
    }

    private void Require(params PermissionState[] allowed)
    {
        if (!allowed.Contains(State))
        {
            throw new DomainException("PermissionWrongState", State);
        }
    }

    private static string Text(string? value, int max, string requiredKey) =>
        Optional(value, max) ?? throw new DomainException(requiredKey);

    private static string? Optional(string? value, int max)
    {
        value = value?.Trim();
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        return value.Length > max ? throw new DomainException("PermissionFieldTooLong", max) : value;
    }

    [GeneratedRegex("^wx[0-9a-f]{16}$")]
    private static partial Regex AppIdPattern();
}

/// <summary>One numbered attempt: what was submitted and how WeChat answered.</summary>
public sealed class PermissionSubmission
{
    private PermissionSubmission()
    {
    }

    public long Id { get; private set; }

    public Guid ApplicationId { get; private set; }

    public int Number { get; private set; }

    public DateTime StartedAtUtc { get; private set; }

    public DateTime? SubmittedAtUtc { get; private set; }

    public string? SubmittedBy { get; private set; }

    public DateTime? UnderReviewAtUtc { get; private set; }

    public DateTime? DecidedAtUtc { get; private set; }

    public string? DecidedBy { get; private set; }

    public SubmissionOutcome Outcome { get; private set; }

    public RejectionReason? RejectionReason { get; private set; }

    public string? RejectionNote { get; private set; }

    /// <summary>What was submitted, kept as it was then.</summary>
    public string? CategoryPath { get; private set; }

    public bool? CategoryEligible { get; private set; }

    public string? LicenceCompanyName { get; private set; }

    public string? IcpNumber { get; private set; }

    public string? IcpEntityName { get; private set; }

    public string? BusinessDescription { get; private set; }

    /// <summary>The ids of the files that were current when submitted, comma separated.</summary>
    public string? MaterialIds { get; private set; }

    internal static PermissionSubmission Open(Guid applicationId, int number, DateTime nowUtc) =>
        new() { ApplicationId = applicationId, Number = number, StartedAtUtc = nowUtc, Outcome = SubmissionOutcome.Open };

    internal void MarkSubmitted(PermissionApplication app, string by, DateTime nowUtc)
    {
        (SubmittedAtUtc, SubmittedBy) = (nowUtc, by);
        (CategoryPath, CategoryEligible) = (app.CategoryPath, app.CategoryEligible);
        (LicenceCompanyName, IcpNumber, IcpEntityName) = (app.LicenceCompanyName, app.IcpNumber, app.IcpEntityName);
        BusinessDescription = app.BusinessDescription;
        MaterialIds = string.Join(",", app.CurrentMaterials.Select(m => m.Id.ToString("N")));
    }

    internal void MarkUnderReview(DateTime nowUtc) => UnderReviewAtUtc = nowUtc;

    internal void Close(SubmissionOutcome outcome, RejectionReason? reason, string? note, string by, DateTime nowUtc)
    {
        (Outcome, RejectionReason, RejectionNote) = (outcome, reason, note);
        (DecidedAtUtc, DecidedBy) = (nowUtc, by);
    }

    public IReadOnlyList<Guid> SubmittedMaterialIds() =>
        string.IsNullOrEmpty(MaterialIds) ? [] : [.. MaterialIds.Split(',').Select(Guid.Parse)];
}

/// <summary>An uploaded image (licence, HR licence or screenshot), stored outside the web root under its id.</summary>
public sealed class PermissionMaterial
{
    private PermissionMaterial()
    {
    }

    public Guid Id { get; private set; }

    public Guid ApplicationId { get; private set; }

    /// <summary>The submission it was uploaded for.</summary>
    public int SubmissionNumber { get; private set; }

    public MaterialKind Kind { get; private set; }

    /// <summary>The uploader's file name, shown only (never a path).</summary>
    public string FileName { get; private set; } = "";

    public string ContentType { get; private set; } = "";

    public int Width { get; private set; }

    public int Height { get; private set; }

    public long SizeBytes { get; private set; }

    public string Sha256 { get; private set; } = "";

    public string UploadedBy { get; private set; } = "";

    public DateTime UploadedAtUtc { get; private set; }

    public DateTime? ReplacedAtUtc { get; private set; }

    internal static PermissionMaterial Create(Guid id, Guid applicationId, int submission, MaterialKind kind, string? fileName, ImageInfo image, long size, string sha256, string by, DateTime nowUtc)
    {
        var name = Path.GetFileName((fileName ?? "").Replace('\\', '/')).Trim();
        if (name.Length == 0)
        {
            name = kind + image.Extension;
        }

        return new PermissionMaterial
        {
            Id = id,
            ApplicationId = applicationId,
            SubmissionNumber = submission,
            Kind = kind,
            FileName = name.Length > 200 ? name[^200..] : name,
            ContentType = image.ContentType,
            Width = image.Width,
            Height = image.Height,
            SizeBytes = size,
            Sha256 = sha256,
            UploadedBy = by,
            UploadedAtUtc = nowUtc,
        };
    }

    internal void MarkReplaced(DateTime nowUtc) => ReplacedAtUtc = nowUtc;
}
