using System.Text;
using InterviewPortal.Domain;
using InterviewPortal.Domain.Identity;
using InterviewPortal.Web.Features.Audit;

namespace InterviewPortal.Web.Features.Permission;

public static class PermissionEndpoints
{
    /// <summary>Materials (images) and the business description exports, for Admin and HR only.</summary>
    public static void MapPermissionEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/permission").RequireAuthorization(p => p.RequireRole(Roles.Admin, Roles.HR));

        group.MapGet("/materials/{id:guid}", async (Guid id, PermissionService permission, HttpContext http, CancellationToken ct) =>
        {
            if (await permission.OpenMaterialAsync(id, ct) is not { } file)
            {
                return Results.NotFound();
            }

            // Shown inline (the page previews it); nosniff keeps the browser to the type we decided from the content.
            http.Response.Headers.XContentTypeOptions = "nosniff";
            return Results.File(file.Content, file.ContentType, enableRangeProcessing: false);
        });

        group.MapGet("/{id:guid}/description.{format}", async (Guid id, string format, PermissionService permission, AuditTrail audit, CancellationToken ct) =>
        {
            try
            {
                if (await permission.GetAsync(id, ct) is not { } d || format is not ("md" or "docx"))
                {
                    return Results.NotFound();
                }

                var markdown = d.BusinessDescription ?? PermissionService.GenerateDescription(d);
                await audit.RecordAsync(AuditActions.PermissionDescriptionExported, "PermissionApplication", id.ToString(), format, ct);
                var name = $"业务说明-{d.AppId}.{format}";
                return format == "md"
                    ? Results.File(Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(markdown)).ToArray(), "text/markdown; charset=utf-8", name)
                    : Results.File(DescriptionDocument.ToWord(markdown), "application/vnd.openxmlformats-officedocument.wordprocessingml.document", name);
            }
            catch (DomainException ex) when (ex.MessageKey == "NotAllowed")
            {
                return Results.NotFound();
            }
        });
    }
}
