using System.Globalization;
using InterviewPortal.Domain;
using InterviewPortal.Domain.Interviews;

namespace InterviewPortal.Web.Features.Reports;

public static class ReportEndpoints
{
    /// <summary>
    /// <c>GET /reports/{kind}/export.{csv|xlsx}?from=yyyy-MM-dd&amp;to=…&amp;position=…&amp;agency=…&amp;round=…</c>: the report as
    /// the page shows it, audited. 404 for a report the caller may not see, 400 for a bad range.
    /// </summary>
    public static void MapReportEndpoints(this IEndpointRouteBuilder app) =>
        app.MapGet("/reports/{kind}/export.{format}", async (string kind, string format, string? from, string? to, Guid? position, Guid? agency, string? round,
            ReportService reports, CancellationToken ct) =>
        {
            if (!Enum.TryParse<ReportKind>(kind, true, out var k) || !Enum.TryParse<ReportFormat>(format, true, out var f) || int.TryParse(kind, out _))
            {
                return Results.NotFound();
            }

            // A date that is not one is refused rather than dropped: the export would silently cover another range.
            if (!TryDate(from, out var fromDate) || !TryDate(to, out var toDate))
            {
                return Results.BadRequest();
            }

            var filter = new ReportFilter { From = fromDate, To = toDate, PositionId = position, AgencyId = agency };
            if (round is not null)
            {
                if (!Enum.TryParse<InterviewRound>(round, true, out var r) || int.TryParse(round, out _))
                {
                    return Results.BadRequest();
                }

                filter.Round = r;
            }

            try
            {
                var file = await reports.ExportAsync(k, filter, f, ct);
                return Results.File(file.Content, file.ContentType, file.FileName);
            }
            catch (DomainException ex) when (ex.MessageKey == "NotAllowed")
            {
                return Results.NotFound();
            }
            catch (DomainException)
            {
                return Results.BadRequest();
            }
        }).RequireAuthorization();

    private static bool TryDate(string? value, out DateTime? date)
    {
        date = null;
        if (string.IsNullOrEmpty(value))
        {
            return true;
        }

        if (!DateTime.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
        {
            return false;
        }

        date = d;
        return true;
    }

    /// <summary>The export link for a filter (the page's download buttons).</summary>
    public static string ExportUrl(ReportKind kind, ReportFormat format, ReportFilter f)
    {
        var query = new List<string>();
        if (f.From is { } from)
        {
            query.Add("from=" + from.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        }

        if (f.To is { } to)
        {
            query.Add("to=" + to.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        }

        if (f.PositionId is { } p)
        {
            query.Add("position=" + p);
        }

        if (f.AgencyId is { } a)
        {
            query.Add("agency=" + a);
        }

        if (f.Round is { } r)
        {
            query.Add("round=" + r);
        }

        return $"reports/{kind}/export.{format.ToString().ToLowerInvariant()}" + (query.Count > 0 ? "?" + string.Join('&', query) : "");
    }
}
