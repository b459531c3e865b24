using System.Text;
using InterviewPortal.Domain;
using InterviewPortal.Web.Components.Shared;
using InterviewPortal.Web.Resources;
using Microsoft.Extensions.Localization;

namespace InterviewPortal.Web.Features.Interviews;

public static class InterviewEndpoints
{
    /// <summary><c>GET /interviews/{id}/invite.ics</c>: the calendar invite, for anyone who may see the interview (404 otherwise).</summary>
    public static void MapInterviewEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/interviews/{id:guid}/invite.ics", async (Guid id, InterviewService interviews, CancellationToken ct) =>
        {
            try
            {
                return await interviews.GetInviteAsync(id, ct) is { } invite
                    ? Results.File(Encoding.UTF8.GetBytes(invite.Content), "text/calendar; charset=utf-8; method=" + (invite.Content.Contains("METHOD:CANCEL") ? "CANCEL" : "REQUEST"), invite.FileName)
                    : Results.NotFound();
            }
            catch (DomainException ex) when (ex.MessageKey == "NotAllowed")
            {
                return Results.NotFound();
            }
        }).RequireAuthorization();

        // POST /api/interviews/{id}/video-token: the signed-in panel member's (or HR's) own room token. A custom header
        // is required, so another site cannot make a signed-in browser ask for one (it would need a CORS preflight).
        app.MapPost("/api/interviews/{id:guid}/video-token", async (Guid id, HttpContext http, VideoAccessService video, IStringLocalizer<Strings> l, CancellationToken ct) =>
        {
            if (http.Request.Headers["X-Portal-Request"] != "1")
            {
                return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: l["VideoTokenHeaderRequired"]);
            }

            try
            {
                return await video.IssueAsync(id, ct) is { } t
                    ? Results.Ok(new { appId = t.AppId, roomId = t.RoomId, userId = t.UserId, streamId = t.StreamId, token = t.Token, expiresAt = t.ExpiresAtUtc })
                    : Results.NotFound();
            }
            catch (DomainException ex) when (ex.MessageKey == "NotAllowed")
            {
                return Results.NotFound();
            }
            catch (DomainException ex)
            {
                return Results.Problem(statusCode: StatusCodes.Status409Conflict, title: l.For(ex), extensions: new Dictionary<string, object?> { ["code"] = MiniProgram.MiniProgramEndpoints.ToCode(ex.MessageKey) });
            }
        }).RequireAuthorization().DisableAntiforgery();
    }
}