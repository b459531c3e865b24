namespace InterviewPortal.Web.Features.Recordings;

public static class RecordingEndpoints
{
    public static string PlayPath(long fileId) => $"/recordings/files/{fileId}";

    /// <summary>
    /// <c>GET /recordings/files/{id}</c>: plays one recorded file. The service checks the caller's right to the
    /// interview and audits the view (who, when, IP), then the browser is redirected to a short-lived storage link.
    /// Anyone without the right, agencies always, gets 404: the file's existence is not revealed.
    /// </summary>
    public static void MapRecordingEndpoints(this IEndpointRouteBuilder app) =>
        app.MapGet("/recordings/files/{id:long}", async (long id, HttpContext http, RecordingService recordings, CancellationToken ct) =>
        {
            if (await recordings.OpenFileAsync(id, ct) is not { } url)
            {
                return Results.NotFound();
            }

            // The signed link must not be cached (each play is a new, audited view).
            http.Response.Headers.CacheControl = "no-store";
            return Results.Redirect(url.ToString());
        }).RequireAuthorization();
}
