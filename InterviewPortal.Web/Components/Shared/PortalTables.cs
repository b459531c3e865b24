using MudBlazor;

namespace InterviewPortal.Web.Components.Shared;

public static class PortalTables
{
    /// <summary>After a filter changes: back to the first page (which reloads), or reload when already there.</summary>
    public static Task FirstPageAsync<T>(MudTable<T>? table)
    {
        if (table is null)
        {
            return Task.CompletedTask;
        }

        if (table.CurrentPage != 0)
        {
            table.NavigateTo(Page.First);
            return Task.CompletedTask;
        }

        return table.ReloadServerData();
    }
}
