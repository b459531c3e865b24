using System.Security.Claims;
using InterviewPortal.Web.Features.Shared;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Serilog.Context;

namespace InterviewPortal.Web.Features.Shell;

/// <summary>
/// Gives each interactive circuit its origin (IP, user agent) for the audit trail, and puts the circuit id and user id
/// on every log event written while the circuit handles an event.
/// </summary>
public sealed class PortalCircuitHandler(ClientOrigin origin, IHttpContextAccessor http, AuthenticationStateProvider auth) : CircuitHandler
{
    private string? _userId;

    public override Task OnCircuitOpenedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        origin.CaptureCircuit(circuit.Id, http.HttpContext);
        auth.AuthenticationStateChanged += OnAuthenticationStateChanged;
        _ = RefreshUserAsync(auth.GetAuthenticationStateAsync());
        return Task.CompletedTask;
    }

    public override Task OnCircuitClosedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        auth.AuthenticationStateChanged -= OnAuthenticationStateChanged;
        return Task.CompletedTask;
    }

    public override Func<CircuitInboundActivityContext, Task> CreateInboundActivityHandler(Func<CircuitInboundActivityContext, Task> next) =>
        async context =>
        {
            using (LogContext.PushProperty("CircuitId", context.Circuit.Id))
            using (LogContext.PushProperty("UserId", _userId))
            {
                await next(context);
            }
        };

    private void OnAuthenticationStateChanged(Task<AuthenticationState> state) => _ = RefreshUserAsync(state);

    private async Task RefreshUserAsync(Task<AuthenticationState> state)
    {
        try
        {
            _userId = (await state).User.FindFirstValue(ClaimTypes.NameIdentifier);
        }
        catch (InvalidOperationException)
        {
            _userId = null;
        }
    }
}
