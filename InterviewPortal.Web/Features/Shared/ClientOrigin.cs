using System.Diagnostics;
using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;

namespace InterviewPortal.Web.Features.Shared;

/// <summary>
/// Who is acting and from where, for the audit trail and the logs. In an HTTP request it reads the request; in an
/// interactive circuit (no usable HttpContext) it holds what the circuit handler captured when the circuit opened.
/// </summary>
public sealed class ClientOrigin(IHttpContextAccessor http, IServiceProvider services)
{
    public string? IpAddress { get; private set; }

    public string? UserAgent { get; private set; }

    public string? CircuitId { get; private set; }

    public bool InCircuit => CircuitId is not null;

    public void CaptureCircuit(string circuitId, HttpContext? context)
    {
        CircuitId = circuitId;
        if (context is not null)
        {
            IpAddress = context.Connection.RemoteIpAddress?.ToString();
            UserAgent = context.Request.Headers.UserAgent.ToString();
        }
    }

    public string? CorrelationId =>
        Activity.Current?.TraceId.ToString() ?? (InCircuit ? CircuitId : http.HttpContext?.TraceIdentifier);

    public string? CurrentIpAddress => InCircuit ? IpAddress : http.HttpContext?.Connection.RemoteIpAddress?.ToString();

    public string? CurrentUserAgent => InCircuit ? UserAgent : http.HttpContext?.Request.Headers.UserAgent.ToString();

    public async Task<ClaimsPrincipal> GetUserAsync()
    {
        if (!InCircuit && http.HttpContext is { } context)
        {
            return context.User;
        }

        var auth = services.GetService<AuthenticationStateProvider>();
        if (auth is null)
        {
            return new ClaimsPrincipal(new ClaimsIdentity());
        }

        try
        {
            return (await auth.GetAuthenticationStateAsync()).User;
        }
        catch (InvalidOperationException)
        {
            // Outside a component's scope (a background job): nobody is signed in.
            return new ClaimsPrincipal(new ClaimsIdentity());
        }
    }
}
