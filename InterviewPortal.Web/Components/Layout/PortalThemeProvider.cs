using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Components.Rendering;
using Microsoft.AspNetCore.Components.RenderTree;
using MudBlazor;

namespace InterviewPortal.Web.Components.Layout;

/// <summary>
/// MudThemeProvider whose style sheets are kept once for every circuit: MudThemeProvider builds its ~13,000 characters of
/// CSS on each render and the circuit's render tree keeps that copy (26 KB of UTF-16 per open page, docs/perf.md). What
/// it renders is MudThemeProvider's own output.
/// </summary>
public sealed class PortalThemeProvider : MudThemeProvider
{
    // The sheets seen so far (light and dark of the portal's theme), each kept once; a bound in case a theme is built on the fly.
    private static readonly ConcurrentDictionary<string, string> Sheets = new(StringComparer.Ordinal);
    private const int MaxSheets = 16;

    protected override void BuildRenderTree(RenderTreeBuilder builder)
    {
        if (MarkupOfBase() is not { } sheets)
        {
            // Not markup alone (another MudBlazor version): render it as MudThemeProvider does.
            base.BuildRenderTree(builder);
            return;
        }

        // The copy just built is dropped at once; the render tree keeps the shared one.
        builder.AddMarkupContent(0, Sheets.TryGetValue(sheets, out var shared) ? shared : Sheets.Count < MaxSheets ? Sheets.GetOrAdd(sheets, sheets) : sheets);
    }

    // MudThemeProvider's output as one string when it is markup only (its style elements), otherwise null.
    private string? MarkupOfBase()
    {
        using var scratch = new RenderTreeBuilder();
        base.BuildRenderTree(scratch);
#pragma warning disable BL0006 // The frames are only read, here, to join MudThemeProvider's markup.
        var frames = scratch.GetFrames();
        var markup = new StringBuilder();
        for (var i = 0; i < frames.Count; i++)
        {
            var frame = frames.Array[i];
            if (frame.FrameType != RenderTreeFrameType.Markup)
            {
                return null;
            }

            markup.Append(frame.MarkupContent);
        }
#pragma warning restore BL0006

        return markup.ToString();
    }
}
