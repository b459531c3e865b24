using Bunit;
using InterviewPortal.Domain;
using InterviewPortal.Domain.Identity;
using InterviewPortal.Tests.TestSupport;
using InterviewPortal.Web.Features.Interviews;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace InterviewPortal.Tests.Web.Components;

public sealed class DialogValidationTests
{
    [Fact]
    public async Task CancelDialog_ShowsTheRefusedRuleOnTheReasonField_AndStaysOpen()
    {
        await using var ctx = PortalBunitContext.Create("zh-CN", Roles.HR);
        var provider = ctx.Render<MudDialogProvider>();
        var dialogs = ctx.Services.GetRequiredService<IDialogService>();
        var parameters = new DialogParameters<ReasonDialog>
        {
            { d => d.ConfirmText, "取消面试" },
            { d => d.OnConfirm, reason => string.IsNullOrWhiteSpace(reason) ? throw new DomainException("InterviewCancelReasonRequired") : Task.CompletedTask },
        };

        var reference = await provider.InvokeAsync(() => dialogs.ShowAsync<ReasonDialog>("取消面试", parameters));
        provider.Find("[data-testid=reason-confirm]").Click();

        provider.WaitForAssertion(() => Assert.Contains("取消面试须填写原因", provider.Find(".mud-input-helper-text.mud-input-error, .mud-input-error").TextContent));
        Assert.False(reference.Result.IsCompleted);
    }
}
