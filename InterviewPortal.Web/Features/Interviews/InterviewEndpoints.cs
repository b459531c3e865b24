using System.Text;
using InterviewPortal.Domain;

namespace InterviewPortal.Web.Features.Interviews;

public static class InterviewEndpoints
{
    /// <summary><c>GET /interviews/{id}/invite.ics</c>: the calendar invite, for anyone who may see the interview (404 otherwise).</summary>
    public static void MapInterviewEndpoints(this IEndpointRouteBuilder app) =>
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
}
