using InterviewPortal.Web.Resources;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Localization;

namespace InterviewPortal.Web.Features.Recruiting.Import;

public static class CandidateImportEndpoints
{
    /// <summary><c>GET /candidates/import/template</c>: the import template as a CSV download (the importing roles only).</summary>
    public static void MapCandidateImport(this IEndpointRouteBuilder app) =>
        app.MapGet("/candidates/import/template", (CandidateImportService import, IStringLocalizer<Strings> l) =>
                Results.File(import.TemplateCsv(), "text/csv; charset=utf-8", l["CandidateImportTemplateFileName"]))
            .RequireAuthorization(new AuthorizeAttribute { Roles = CandidateImportService.AllowedRoles });
}
