namespace InterviewPortal.Web.Features.Invitations;

public static class InvitationEndpoints
{
    /// <summary>
    /// <c>GET /interviews/{id}/invitation/code.png</c>: the current invitation's code, for HR and the candidate's agency
    /// (404 for anyone else, and for an interview without an active invitation). Counted and audited.
    /// </summary>
    public static void MapInvitationEndpoints(this IEndpointRouteBuilder app) =>
        app.MapGet("/interviews/{id:guid}/invitation/code.png", async (Guid id, InvitationService invitations, CancellationToken ct) =>
            await invitations.DownloadCodeAsync(id, ct) is { } code
                ? Results.File(code.Image, code.ContentType, code.FileName)
                : Results.NotFound())
            .RequireAuthorization();
}
