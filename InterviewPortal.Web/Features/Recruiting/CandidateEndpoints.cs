using InterviewPortal.Domain;

namespace InterviewPortal.Web.Features.Recruiting;

public static class CandidateEndpoints
{
    /// <summary><c>GET /candidates/{id}/files/{fileId}</c>: a résumé, for whoever may see the candidate (404 otherwise).</summary>
    public static void MapCandidateEndpoints(this IEndpointRouteBuilder app) =>
        app.MapGet("/candidates/{id:guid}/files/{fileId:guid}", async (Guid id, Guid fileId, CandidateFilesService files, CancellationToken ct) =>
        {
            try
            {
                return await files.OpenAsync(id, fileId, ct) is { } file
                    ? Results.File(file.Content, "application/pdf", file.FileName)
                    : Results.NotFound();
            }
            catch (DomainException ex) when (ex.MessageKey == "NotAllowed")
            {
                return Results.NotFound();
            }
        }).RequireAuthorization();
}
