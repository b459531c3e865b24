using System.Globalization;
using InterviewPortal.Web.Setup;

namespace InterviewPortal.Web.Features.Audit;

public static class AuditEndpoints
{
    /// <summary>
    /// <c>GET /audit/export.csv?from=…&amp;to=…&amp;actor=…&amp;action=…&amp;target=…</c> (times as UTC instants): the audit
    /// entries of the page's filter as CSV, for Admins and Auditors; the export is audited.
    /// </summary>
    public static void MapAuditEndpoints(this IEndpointRouteBuilder app) =>
        app.MapGet("/audit/export.csv", async (string? from, string? to, string? actor, string? action, string? target, AuditLogService auditLog, CancellationToken ct) =>
        {
            if (!TryInstant(from, out var f) || !TryInstant(to, out var t))
            {
                return Results.BadRequest();
            }

            var file = await auditLog.ExportCsvAsync(new AuditFilter(f, t, actor, action, target), ct);
            return Results.File(file.Content, "text/csv; charset=utf-8", file.FileName);
        }).RequireAuthorization(IdentitySetup.AuditReadersPolicy);

    /// <summary>The export link of a filter, as the page builds it.</summary>
    public static string ExportHref(AuditFilter f)
    {
        var query = new List<string>();
        void Add(string name, string? value)
        {
            if (!string.IsNullOrWhiteSpace(value))
            {
                query.Add(name + "=" + Uri.EscapeDataString(value.Trim()));
            }
        }

        Add("from", f.FromUtc?.ToString("O", CultureInfo.InvariantCulture));
        Add("to", f.ToUtc?.ToString("O", CultureInfo.InvariantCulture));
        Add("actor", f.Actor);
        Add("action", f.Action);
        Add("target", f.Target);
        return "audit/export.csv" + (query.Count > 0 ? "?" + string.Join('&', query) : "");
    }

    private static bool TryInstant(string? value, out DateTime? utc)
    {
        utc = null;
        if (string.IsNullOrEmpty(value))
        {
            return true;
        }

        if (DateTime.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var parsed))
        {
            utc = DateTime.SpecifyKind(parsed, DateTimeKind.Utc);
            return true;
        }

        return false;
    }
}
