using System.Security.Cryptography;
using InterviewPortal.Domain;
using InterviewPortal.Domain.Audit;
using InterviewPortal.Domain.Permission;
using InterviewPortal.Web.Data;
using InterviewPortal.Web.Features.Audit;
using InterviewPortal.Web.Features.Shared;
using Microsoft.EntityFrameworkCore;

namespace InterviewPortal.Web.Features.Permission;

/// <summary>
/// The WeChat live-pusher permission application: category, materials, business description, submissions and review,
/// the console switches. Admin and HR only; every state change, upload, file view and switch tick is audited, and a
/// state change records the join mode it leads to and how many pending invitations follow.
/// </summary>
public sealed class PermissionService(
    IDbContextFactory<AppDbContext> dbFactory,
    ClientOrigin origin,
    AuditTrail audit,
    PermissionFileStore store,
    JoinModeService joinModes,
    IPendingInvitationCounter pendingInvitations,
    TimeProvider clock)
{
    /// <summary>The review clock counts mainland China working days, so it runs on Beijing dates.</summary>
    public static readonly TimeZoneInfo ChinaTime = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    public static DateOnly ChinaDate(DateTime utc) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), ChinaTime));

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    public async Task<IReadOnlyList<PermissionApplicationRow>> ListAsync(CancellationToken ct = default)
    {
        (await origin.GetCallerAsync()).RequireRecruiter();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.PermissionApplications.AsNoTracking().OrderBy(a => a.CreatedAtUtc)
            .Select(a => new PermissionApplicationRow(a.Id, a.AppId, a.ProductName, a.State, a.CategoryPath, a.CreatedAtUtc))
            .ToListAsync(ct);
    }

    public async Task<Guid> StartAsync(string? appId, string? productName, CancellationToken ct = default)
    {
        var caller = await origin.GetCallerAsync();
        caller.RequireRecruiter();
        var app = PermissionApplication.Start(Guid.NewGuid(), appId, productName, caller.UserId, Now);
        var e = await audit.DescribeAsync(new AuditEvent(AuditActions.PermissionStarted, "PermissionApplication", app.Id.ToString(), app.AppId));
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (await db.PermissionApplications.AnyAsync(a => a.AppId == app.AppId, ct))
        {
            throw new DomainException("PermissionAppIdTaken", app.AppId);
        }

        db.PermissionApplications.Add(app);
        await db.SaveChangesAsync(ct);
        await audit.AppendAsync(db, e, ct);
        await tx.CommitAsync(ct);
        return app.Id;
    }

    public async Task<PermissionDetails?> GetAsync(Guid id, CancellationToken ct = default)
    {
        (await origin.GetCallerAsync()).RequireRecruiter();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var app = await db.PermissionApplications.AsNoTracking().Include(a => a.Submissions).Include(a => a.Materials).AsSplitQuery()
            .FirstOrDefaultAsync(a => a.Id == id, ct);
        if (app is null)
        {
            return null;
        }

        var userIds = app.Materials.Select(m => m.UploadedBy)
            .Concat(app.Submissions.SelectMany(s => new[] { s.SubmittedBy, s.DecidedBy }))
            .Append(app.OwnerId).Append(app.LivePlayerSwitchedBy).Append(app.LivePusherSwitchedBy)
            .Where(u => u is not null).Distinct().ToList();
        var names = await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
        string? Name(string? userId) => userId is not null && names.TryGetValue(userId, out var n) ? n : null;

        MaterialRow Row(PermissionMaterial m) => new(m.Id, m.Kind, m.FileName, m.ContentType, m.Width, m.Height, m.SizeBytes, m.SubmissionNumber, m.UploadedAtUtc, Name(m.UploadedBy), m.ReplacedAtUtc);
        var materials = app.Materials.OrderBy(m => m.Kind).ThenByDescending(m => m.UploadedAtUtc).Select(Row).ToList();
        var submissions = app.Submissions.OrderByDescending(s => s.Number).Select(s =>
        {
            var ids = s.SubmittedMaterialIds();
            var files = s.SubmittedAtUtc is null
                ? materials.Where(m => m.SubmissionNumber == s.Number).ToList()
                : materials.Where(m => ids.Contains(m.Id)).ToList();
            return new SubmissionRow(s.Number, s.StartedAtUtc, s.SubmittedAtUtc, Name(s.SubmittedBy), s.UnderReviewAtUtc, s.DecidedAtUtc, Name(s.DecidedBy),
                s.Outcome, s.RejectionReason, s.RejectionNote, s.CategoryPath, s.CategoryEligible, s.LicenceCompanyName, s.IcpNumber, s.IcpEntityName, s.BusinessDescription, files);
        }).ToList();

        CategoryChoice? category = null;
        if (app.CategoryId is { } categoryId)
        {
            category = await ChoiceAsync(db, categoryId, ct);
        }

        ReviewClock? review = null;
        if (app.InReviewSinceUtc is { } since)
        {
            review = ReviewClock.For(ChinaDate(since), ChinaDate(Now), await LoadCalendarAsync(db, ct));
        }

        return new PermissionDetails(
            app.Id, app.AppId, app.ProductName, Name(app.OwnerId), app.State, app.CategoryId, category,
            app.LicenceCompanyName, app.IcpNumber, app.IcpEntityName, app.BusinessDescription,
            app.MissingForSubmit(), app.MissingRecommended(), materials, submissions, app.Current?.Number ?? 0, review,
            [new(LiveSwitch.LivePlayer, Name(app.LivePlayerSwitchedBy), app.LivePlayerSwitchedAtUtc), new(LiveSwitch.LivePusher, Name(app.LivePusherSwitchedBy), app.LivePusherSwitchedAtUtc)],
            joinModes.ModeFor(app.State), app.CreatedAtUtc, PermissionTimeline.For(app));
    }

    public async Task<CategoryChoice> ChooseCategoryAsync(Guid id, Guid categoryId, CancellationToken ct = default)
    {
        CategoryChoice? choice = null;
        await ChangeAsync(id, AuditActions.PermissionCategoryChosen, async (db, app) =>
        {
            var category = await db.PermissionCategories.AsNoTracking().FirstOrDefaultAsync(c => c.Id == categoryId, ct)
                ?? throw new DomainException("NotFound");
            app.ChooseCategory(category, Now);
            choice = await ChoiceAsync(db, categoryId, ct);
            return choice.Eligible ? category.Path : $"{category.Path} (not eligible for live-pusher; alternative {choice.AlternativePath}; checked {choice.CheckedOn:yyyy-MM-dd})";
        }, ct);
        return choice!;
    }

    public Task SetFilingAsync(Guid id, string? licenceCompanyName, string? icpNumber, string? icpEntityName, CancellationToken ct = default) =>
        ChangeAsync(id, AuditActions.PermissionFilingUpdated, (_, app) =>
        {
            app.SetFiling(licenceCompanyName, icpNumber, icpEntityName, Now);
            return Task.FromResult<string?>($"{app.LicenceCompanyName}; {app.IcpNumber}; {app.IcpEntityName}");
        }, ct);

    public Task SetDescriptionAsync(Guid id, string? markdown, CancellationToken ct = default) =>
        ChangeAsync(id, AuditActions.PermissionDescriptionUpdated, (_, app) =>
        {
            app.SetBusinessDescription(markdown, Now);
            return Task.FromResult<string?>($"{app.BusinessDescription?.Length ?? 0} characters");
        }, ct);

    /// <summary>The guide's template filled from the application (company from the licence, product name, AppID).</summary>
    public static string GenerateDescription(PermissionDetails d) =>
        BusinessDescription.Generate(d.ProductName, d.LicenceCompanyName ?? d.IcpEntityName ?? "", d.AppId);

    /// <summary>Checks the image by content (JPG/PNG, &lt; 2 MB, complete), stores it outside wwwroot and attaches it.</summary>
    public async Task<MaterialRow> UploadMaterialAsync(Guid id, MaterialKind kind, Stream content, string? fileName, CancellationToken ct = default)
    {
        var caller = await origin.GetCallerAsync();
        caller.RequireRecruiter();
        var bytes = await ReadAtMostAsync(content, MaterialImage.MaxBytes, ct);
        var image = MaterialImage.Inspect(bytes);
        var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
        var e = await audit.DescribeAsync(new AuditEvent(AuditActions.PermissionMaterialUploaded, "PermissionApplication", id.ToString()));
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var app = await LoadAsync(db, id, ct);
        var before = app.State;
        var material = app.AddMaterial(Guid.NewGuid(), kind, fileName, image, bytes.Length, sha, caller.UserId, Now);
        await db.SaveChangesAsync(ct);
        await audit.AppendAsync(db, e with { Summary = $"{kind}: {material.FileName}, {image.ContentType}, {image.Width}×{image.Height}, {bytes.Length} bytes, sha256 {sha[..12]}, submission {material.SubmissionNumber}" + StateNote(before, app.State) }, ct);
        await store.WriteAsync(id, material.Id, bytes, ct);
        try
        {
            await tx.CommitAsync(ct);
        }
        catch
        {
            store.Delete(id, material.Id);
            throw;
        }

        joinModes.Invalidate();

        return new MaterialRow(material.Id, kind, material.FileName, material.ContentType, material.Width, material.Height, material.SizeBytes, material.SubmissionNumber, material.UploadedAtUtc, null, null);
    }

    /// <summary>Opens a material for viewing (Admin/HR only, audited), or null when it is not there.</summary>
    public async Task<(string ContentType, string FileName, Stream Content)?> OpenMaterialAsync(Guid materialId, CancellationToken ct = default)
    {
        (await origin.GetCallerAsync()).RequireRecruiter();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var m = await db.PermissionMaterials.AsNoTracking().FirstOrDefaultAsync(x => x.Id == materialId, ct);
        var path = m is null ? null : store.PathFor(m.ApplicationId, m.Id);
        if (m is null || !File.Exists(path))
        {
            return null;
        }

        await audit.RecordAsync(AuditActions.PermissionMaterialViewed, "PermissionApplication", m.ApplicationId.ToString(), $"{m.Kind}: {m.FileName} ({m.Id:N})", ct);
        return (m.ContentType, m.FileName, File.OpenRead(path!));
    }

    public Task SubmitAsync(Guid id, CancellationToken ct = default) =>
        ChangeAsync(id, AuditActions.PermissionSubmitted, async (_, app) =>
        {
            app.Submit((await origin.GetCallerAsync()).UserId, Now);
            return $"submission {app.Current!.Number}, category {app.CategoryPath}";
        }, ct);

    public Task MarkUnderReviewAsync(Guid id, CancellationToken ct = default) =>
        ChangeAsync(id, AuditActions.PermissionUnderReview, (_, app) =>
        {
            app.MarkUnderReview(Now);
            return Task.FromResult<string?>($"submission {app.Current!.Number}");
        }, ct);

    public Task RejectAsync(Guid id, RejectionReason reason, string? note, CancellationToken ct = default) =>
        ChangeAsync(id, AuditActions.PermissionRejected, async (_, app) =>
        {
            var rejected = app.Current!.Number;
            app.Reject(reason, note, (await origin.GetCallerAsync()).UserId, Now);
            return $"submission {rejected}: {reason}{(string.IsNullOrWhiteSpace(note) ? "" : " – " + note.Trim())}; now submission {app.Current!.Number}";
        }, ct);

    public Task ApproveAsync(Guid id, CancellationToken ct = default) =>
        ChangeAsync(id, AuditActions.PermissionApproved, async (_, app) =>
        {
            app.Approve((await origin.GetCallerAsync()).UserId, Now);
            return $"submission {app.Current!.Number}";
        }, ct);

    public Task TickSwitchAsync(Guid id, LiveSwitch which, CancellationToken ct = default) =>
        ChangeAsync(id, AuditActions.PermissionSwitchTicked, async (_, app) =>
        {
            var enabled = app.TickSwitch(which, (await origin.GetCallerAsync()).UserId, Now);
            return which + (enabled ? "; both switches on" : "");
        }, ct);

    /// <summary>The dashboard card: the most recent application (or NotStarted when there is none).</summary>
    public async Task<PermissionCardModel?> CardAsync(CancellationToken ct = default)
    {
        var caller = await origin.GetCallerAsync();
        if (!caller.IsRecruiter)
        {
            return null;
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var app = await db.PermissionApplications.AsNoTracking().Include(a => a.Submissions).Include(a => a.Materials).AsSplitQuery()
            .OrderByDescending(a => a.CreatedAtUtc).FirstOrDefaultAsync(ct);
        if (app is null)
        {
            return new PermissionCardModel(null, null, PermissionState.NotStarted, null, false, "PermissionNext_Start");
        }

        ReviewClock? review = app.InReviewSinceUtc is { } since ? ReviewClock.For(ChinaDate(since), ChinaDate(Now), await LoadCalendarAsync(db, ct)) : null;
        var next = app.State switch
        {
            PermissionState.NotStarted => "PermissionNext_Category",
            PermissionState.Preparing => app.MissingForSubmit().Count > 0 ? "PermissionNext_Materials" : "PermissionNext_Submit",
            PermissionState.Submitted or PermissionState.UnderReview => review?.Overdue == true ? "PermissionNext_FollowUp" : "PermissionNext_Wait",
            PermissionState.Approved => "PermissionNext_Switches",
            _ => "PermissionNext_Done",
        };
        return new PermissionCardModel(app.Id, app.AppId, app.State, review?.WorkingDaysElapsed, review?.Overdue == true, next);
    }

    public async Task<IReadOnlyList<CategoryRow>> ListCategoriesAsync(CancellationToken ct = default)
    {
        (await origin.GetCallerAsync()).RequireRecruiter();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var all = await db.PermissionCategories.AsNoTracking().ToListAsync(ct);
        var paths = all.ToDictionary(c => c.Id, c => c.Path);
        return [.. all.OrderByDescending(c => c.EligibleForLivePusher).ThenBy(c => c.Path, StringComparer.Ordinal)
            .Select(c => new CategoryRow(c.Id, c.Path, c.Level1, c.Level2, c.Level3, c.RequiredQualifications, c.OptionalQualifications, c.Scenarios,
                c.EligibleForLivePusher, c.EligibleAlternativeId, c.EligibleAlternativeId is { } a && paths.TryGetValue(a, out var p) ? p : null, c.Note, c.LastCheckedOn, c.Version))];
    }

    /// <summary>Admins keep the category list in line with WeChat's page; a concurrent edit is refused.</summary>
    public async Task SaveCategoryAsync(Guid? id, CategoryForm form, CancellationToken ct = default)
    {
        var caller = await origin.GetCallerAsync();
        if (!caller.IsAdmin)
        {
            throw new DomainException("NotAllowed");
        }

        var checkedOn = form.LastCheckedOn is { } d ? DateOnly.FromDateTime(d) : ChinaDate(Now);
        var e = await audit.DescribeAsync(new AuditEvent(AuditActions.PermissionCategorySaved, "PermissionCategory", id?.ToString()));
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        ServiceCategory category;
        if (id is { } existing)
        {
            category = await db.PermissionCategories.FirstOrDefaultAsync(c => c.Id == existing, ct) ?? throw new DomainException("NotFound");
            if (category.Version != form.Version)
            {
                throw new DomainException("PermissionCategoryChangedMeanwhile");
            }

            category.Update(form.Level1!, form.Level2, form.Level3, form.RequiredQualifications!, form.OptionalQualifications, form.Scenarios!, form.Eligible, form.AlternativeId, form.Note, checkedOn);
        }
        else
        {
            category = ServiceCategory.Create(Guid.NewGuid(), form.Level1!, form.Level2, form.Level3, form.RequiredQualifications!, form.OptionalQualifications, form.Scenarios!, form.Eligible, form.AlternativeId, form.Note, checkedOn);
            db.PermissionCategories.Add(category);
        }

        await db.SaveChangesAsync(ct);
        await audit.AppendAsync(db, e with { TargetId = category.Id.ToString(), Summary = $"{category.Path}, eligible {category.EligibleForLivePusher}, checked {checkedOn:yyyy-MM-dd}, version {category.Version}" }, ct);
        await tx.CommitAsync(ct);
    }

    public async Task<IReadOnlyList<CalendarDayRow>> ListCalendarAsync(int year, CancellationToken ct = default)
    {
        (await origin.GetCallerAsync()).RequireRecruiter();
        var (from, to) = (new DateOnly(year, 1, 1), new DateOnly(year, 12, 31));
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.HolidayCalendar.AsNoTracking().Where(d => d.Date >= from && d.Date <= to).OrderBy(d => d.Date)
            .Select(d => new CalendarDayRow(d.Date, d.Kind, d.Name)).ToListAsync(ct);
    }

    public async Task SetCalendarDayAsync(DateOnly date, CalendarDayKind? kind, string? name, CancellationToken ct = default)
    {
        var caller = await origin.GetCallerAsync();
        if (!caller.IsAdmin)
        {
            throw new DomainException("NotAllowed");
        }

        var day = kind is { } k ? CalendarDay.Create(date, k, name) : null;
        var e = await audit.DescribeAsync(new AuditEvent(AuditActions.PermissionCalendarChanged, "HolidayCalendar", date.ToString("yyyy-MM-dd"), day is null ? "removed" : $"{day.Kind}: {day.Name}"));
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.HolidayCalendar.Where(d => d.Date == date).ExecuteDeleteAsync(ct);
        if (day is not null)
        {
            db.HolidayCalendar.Add(day);
        }

        await db.SaveChangesAsync(ct);
        await audit.AppendAsync(db, e, ct);
        await tx.CommitAsync(ct);
    }

    internal static async Task<WorkingCalendar> LoadCalendarAsync(AppDbContext db, CancellationToken ct) =>
        new(await db.HolidayCalendar.AsNoTracking().ToListAsync(ct));

    private static async Task<CategoryChoice> ChoiceAsync(AppDbContext db, Guid categoryId, CancellationToken ct)
    {
        var category = await db.PermissionCategories.AsNoTracking().FirstAsync(c => c.Id == categoryId, ct);
        var alternative = category.EligibleAlternativeId is { } a ? await db.PermissionCategories.AsNoTracking().FirstOrDefaultAsync(c => c.Id == a, ct) : null;
        return new CategoryChoice(category.Path, category.EligibleForLivePusher, alternative?.Path, category.LastCheckedOn);
    }

    private static async Task<PermissionApplication> LoadAsync(AppDbContext db, Guid id, CancellationToken ct) =>
        await db.PermissionApplications.Include(a => a.Submissions).Include(a => a.Materials).AsSplitQuery().FirstOrDefaultAsync(a => a.Id == id, ct)
        ?? throw new DomainException("NotFound");

    /// <summary>One audited change: load, apply the rule, save, and record the state change with its join-mode effect.</summary>
    private async Task ChangeAsync(Guid id, string action, Func<AppDbContext, PermissionApplication, Task<string?>> change, CancellationToken ct)
    {
        (await origin.GetCallerAsync()).RequireRecruiter();
        var e = await audit.DescribeAsync(new AuditEvent(action, "PermissionApplication", id.ToString()));
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var app = await LoadAsync(db, id, ct);
        var before = app.State;
        var modeBefore = await ModeAsync(db, ct);
        var summary = await change(db, app);
        await db.SaveChangesAsync(ct);
        var modeAfter = await ModeAsync(db, ct);
        var note = StateNote(before, app.State);
        if (modeBefore != modeAfter)
        {
            var affected = await pendingInvitations.CountPendingAsync(ct);
            note += $"; join mode {modeBefore} → {modeAfter}, pending invitations affected: {affected}";
        }
        else if (before != app.State)
        {
            note += $"; join mode stays {modeAfter}, pending invitations affected: 0";
        }

        await audit.AppendAsync(db, e with { Summary = summary + note }, ct);
        await tx.CommitAsync(ct);
        joinModes.Invalidate();
    }

    private async Task<JoinMode> ModeAsync(AppDbContext db, CancellationToken ct) =>
        joinModes.ModeFor(await db.PermissionApplications.AnyAsync(a => a.State == PermissionState.Enabled, ct) ? PermissionState.Enabled : PermissionState.NotStarted);

    private static string StateNote(PermissionState before, PermissionState after) =>
        before == after ? "" : $"; state {before} → {after}";

    /// <summary>Reads up to <paramref name="limit"/> bytes; one more means the file is too large, whatever it claims.</summary>
    private static async Task<byte[]> ReadAtMostAsync(Stream source, int limit, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await source.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read >= limit)
            {
                throw new DomainException("PermissionUploadTooLarge", MaterialImage.MaxMegabytes);
            }

            await buffer.WriteAsync(chunk.AsMemory(0, read), ct);
        }

        return buffer.ToArray();
    }
}
