using MudBlazor;

namespace InterviewPortal.Web.Components.Layout;

public static class PortalTheme
{
    public static MudTheme Theme { get; } = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#07C160",
            Secondary = "#2B6CB0",
            AppbarBackground = "#1F2D3D",
            AppbarText = "#FFFFFF",
            Background = "#F5F7FA",
            DrawerBackground = "#FFFFFF",
        },
        PaletteDark = new PaletteDark
        {
            Primary = "#2BD17E",
            Secondary = "#63B3ED",
            AppbarBackground = "#111827",
        },
        Typography = new Typography
        {
            Default = new DefaultTypography
            {
                FontFamily = ["-apple-system", "BlinkMacSystemFont", "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", "Noto Sans SC", "Helvetica Neue", "Arial", "sans-serif"],
            },
        },
    };
}
