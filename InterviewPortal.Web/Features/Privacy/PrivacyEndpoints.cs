using InterviewPortal.Domain;

namespace InterviewPortal.Web.Features.Privacy;

public static class PrivacyEndpoints
{
    /// <summary>
    /// <c>GET /candidates/{id}/export</c>: the data-subject export (zip), for HR and Admin; 403 for every other role
    /// whatever the id, 404 when there is no such candidate.
    /// </summary>
    public static void MapPrivacyEndpoints(this IEndpointRouteBuilder app) =>
        app.MapGet("/candidates/{id:guid}/export", async (Guid id, PrivacyService privacy, CancellationToken ct) =>
        {
            try
            {
                var export = await privacy.ExportAsync(id, ct);
                return Results.File(export.Content, "application/zip", export.FileName);
            }
            catch (DomainException ex) when (ex.MessageKey == "NotAllowed")
            {
                return Results.StatusCode(StatusCodes.Status403Forbidden);
            }
            catch (DomainException ex) when (ex.MessageKey == "NotFound")
            {
                return Results.NotFound();
            }
        }).RequireAuthorization();
}
