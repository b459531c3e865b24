using System.Collections.Concurrent;
using System.Text.Json;
using InterviewPortal.Domain;
using InterviewPortal.Domain.Audit;
using InterviewPortal.Domain.Identity;
using InterviewPortal.Domain.Interviews;
using InterviewPortal.Web.Data;
using InterviewPortal.Web.Features.Audit;
using InterviewPortal.Web.Features.Shared;
using Microsoft.EntityFrameworkCore;

namespace InterviewPortal.Web.Features.Settings;

/// <summary>
/// Reads and changes admin settings. Reads are cached for a short time (they are consulted on every request);
/// every change is audited with its before and after values, in the same transaction.
/// </summary>
public sealed class SettingsService(IDbContextFactory<AppDbContext> dbFactory, AuditTrail audit, ClientOrigin origin, TimeProvider clock, SettingsCache cache)
{
    private static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(10);

    public async Task<SecuritySettings> GetSecurityAsync(CancellationToken ct = default) =>
        await GetAsync(SecuritySettings.Key, SecuritySettings.Default, ct);

    public async Task SaveSecurityAsync(SecuritySettings settings, CancellationToken ct = default)
    {
        var unknown = settings.RequireTwoFactorRoles.FirstOrDefault(r => !Roles.IsKnown(r));
        if (unknown is not null)
        {
            throw new DomainException("SettingsUnknownRole", unknown);
        }

        var normalized = settings with { RequireTwoFactorRoles = settings.RequireTwoFactorRoles.Distinct().Order(StringComparer.Ordinal).ToList() };
        await SaveAsync(SecuritySettings.Key, normalized, ct);
    }

    public async Task<SchedulingPolicy> GetSchedulingAsync(CancellationToken ct = default) =>
        await GetAsync(SchedulingKey, SchedulingPolicy.Default, ct);

    public async Task SaveSchedulingAsync(SchedulingPolicy policy, CancellationToken ct = default)
    {
        if (policy.BufferMinutes is < 0 or > 120 || policy.CandidateMaxReschedules is < 0 or > 10
            || policy.CandidateRescheduleMinHoursBefore is < 0 or > 168 || policy.CandidateRescheduleWindowDays is < 1 or > 90)
        {
            throw new DomainException("SettingsSchedulingOutOfRange");
        }

        InterviewRules.CheckDuration(policy.ScreeningDurationMinutes);
        InterviewRules.CheckDuration(policy.OtherRoundDurationMinutes);
        await SaveAsync(SchedulingKey, policy, ct);
    }

    private const string SchedulingKey = "Scheduling";

    public async Task<Reminders.ReminderSettings> GetRemindersAsync(CancellationToken ct = default) =>
        await GetAsync(Reminders.ReminderSettings.Key, Reminders.ReminderSettings.Default, ct);

    public async Task SaveRemindersAsync(Reminders.ReminderSettings value, CancellationToken ct = default)
    {
        if (!value.Offsets.IsValid)
        {
            throw new DomainException("SettingsReminderOffsetsOutOfRange");
        }

        if (value.ParseWeChatFields() is null)
        {
            throw new DomainException("SettingsReminderWeChatFieldsInvalid", string.Join(", ", Reminders.ReminderSettings.WeChatSources));
        }

        await SaveAsync(Reminders.ReminderSettings.Key, value with { WeChatTemplateId = string.IsNullOrWhiteSpace(value.WeChatTemplateId) ? null : value.WeChatTemplateId.Trim() }, ct);
    }

    public async Task<ReportSettings> GetReportsAsync(CancellationToken ct = default) =>
        await GetAsync(ReportSettings.Key, ReportSettings.Default, ct);

    public async Task SaveReportsAsync(ReportSettings value, CancellationToken ct = default)
    {
        if (value.InterviewerWeeklyCap is < 1 or > ReportSettings.MaxCap)
        {
            throw new DomainException("SettingsReportsCapOutOfRange", ReportSettings.MaxCap);
        }

        await SaveAsync(ReportSettings.Key, value, ct);
    }

    public async Task<PrivacySettings> GetPrivacyAsync(CancellationToken ct = default) =>
        await GetAsync(PrivacySettings.Key, PrivacySettings.Default, ct);

    public async Task SavePrivacyAsync(PrivacySettings value, CancellationToken ct = default)
    {
        Domain.Recruiting.CandidateRetention.CheckDays(value.CandidateRetentionDays);
        await SaveAsync(PrivacySettings.Key, value, ct);
    }

    private async Task<T> GetAsync<T>(string key, T fallback, CancellationToken ct)
        where T : class
    {
        var now = clock.GetUtcNow().UtcDateTime;
        if (cache.Entries.TryGetValue(key, out var cached) && cached.Until > now && cached.Value is T value)
        {
            return value;
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var json = await db.Settings.AsNoTracking().Where(s => s.Key == key).Select(s => s.ValueJson).FirstOrDefaultAsync(ct);
        var result = json is null ? fallback : JsonSerializer.Deserialize<T>(json) ?? fallback;
        cache.Entries[key] = (now + CacheFor, result);
        return result;
    }

    private async Task SaveAsync<T>(string key, T value, CancellationToken ct)
        where T : class
    {
        if (!(await origin.GetUserAsync()).IsInRole(Roles.Admin))
        {
            throw new DomainException("NotAllowed");
        }

        var json = JsonSerializer.Serialize(value);
        var e = await audit.DescribeAsync(new AuditEvent(AuditActions.SettingsChanged, "Setting", key));
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var row = await db.Settings.FirstOrDefaultAsync(s => s.Key == key, ct);
        var before = row?.ValueJson ?? "(default)";
        if (row is null)
        {
            row = new PortalSetting { Key = key };
            db.Settings.Add(row);
        }

        row.ValueJson = json;
        row.UpdatedAtUtc = clock.GetUtcNow().UtcDateTime;
        row.UpdatedBy = e.ActorId;
        await db.SaveChangesAsync(ct);
        await audit.AppendAsync(db, e with { Summary = $"{before} -> {json}" }, ct);
        await tx.CommitAsync(ct);
        cache.Entries.TryRemove(key, out _);
    }
}

/// <summary>The host's cache of settings (a singleton, so each host, and each test host, has its own).</summary>
public sealed class SettingsCache
{
    public ConcurrentDictionary<string, (DateTime Until, object Value)> Entries { get; } = new();
}
