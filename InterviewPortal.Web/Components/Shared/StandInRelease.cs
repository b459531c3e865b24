using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Sections;
using Microsoft.JSInterop;
using MudBlazor;

namespace InterviewPortal.Web.Components.Shared;

/// <summary>
/// Puts stand-ins back in place of the MudBlazor pickers or menus made when the pointer or the focus reached them
/// (docs/decisions/0011): each is several components holding their render trees for as long as they exist. A sign that
/// they may be out of use (the pointer or the focus leaving their area, a list or menu closing) starts a wait of
/// <see cref="Delay"/>, restarted by each sign; then, if the owner says none is open or about to take the focus,
/// the browser is asked whether the focus is in their areas or the pointer over them, and only when neither is does
/// the owner put the stand-ins back. The wait lets MudBlazor finish what a close starts (a menu gives the focus back to
/// its activator) and a pointer that only crossed an edge come back.
/// </summary>
public sealed class StandInRelease : IDisposable
{
    public static readonly TimeSpan Delay = TimeSpan.FromSeconds(1);

    // MudOverlay renders through a SectionContent of this name into the SectionOutlet that MudPopoverProvider holds.
    internal const string OverlaySection = "mud-overlay-to-popover-provider";

    private static readonly RenderFragment Nothing = _ => { };

    private readonly IJSRuntime _js;
    private readonly IPopoverService _popovers;
    private readonly Func<Func<Task>, Task> _dispatch;
    private readonly Func<ElementReference[]> _areas;
    private readonly Func<ElementReference[]> _hoverAreas;
    private readonly Func<bool> _canRelease;
    private readonly Action _release;
    private readonly Action _render;
    private readonly CancellationTokenSource _disposed = new();
    private readonly ITimer _wait;
    private int _signals;
    private bool _released;
    private bool _refresh;

    /// <param name="dispatch">The owner's InvokeAsync.</param>
    /// <param name="areas">Where the focus keeps them in use.</param>
    /// <param name="hoverAreas">Where the pointer keeps them in use.</param>
    /// <param name="canRelease">Made, none open, no focus about to be passed on: read on the owner's dispatcher.</param>
    /// <param name="release">Puts the stand-ins back and forgets the components (their @ref fields): run on the owner's dispatcher.</param>
    /// <param name="render">Renders the stand-ins' part: the owner's StateHasChanged, or the Render of the RenderSlot holding them.</param>
    public StandInRelease(
        IJSRuntime js, IPopoverService popovers, TimeProvider time, Func<Func<Task>, Task> dispatch,
        Func<ElementReference[]> areas, Func<ElementReference[]> hoverAreas, Func<bool> canRelease, Action release, Action render)
    {
        (_js, _popovers, _dispatch, _areas, _hoverAreas, _canRelease, _release, _render) = (js, popovers, dispatch, areas, hoverAreas, canRelease, release, render);
        _wait = time.CreateTimer(_ => _ = ReleaseIfOutOfUseAsync(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        Signal = new EventCallback(null, (Action)Schedule);
        OpenChanged = new EventCallback<bool>(null, (Action<bool>)(open =>
        {
            if (!open)
            {
                Schedule();
            }
        }));
    }

    /// <summary>
    /// For the areas' pointerleave and focusout and the components' close: its handler's target is this object, not the
    /// owner, so the event renders nothing; the same handler every render, so its id is kept.
    /// </summary>
    public EventCallback Signal { get; }

    /// <summary>
    /// An event handler that renders nothing by itself. A renderer makes the component that is its handler delegate's
    /// target (a method of the component, or a lambda capturing nothing but it) render after the event; this delegate's
    /// target is a closure instead.
    /// </summary>
    public static EventCallback WithoutRender(Action action) => new(null, (Action)(() => action()));

    /// <summary>For a component's OpenChanged: a close is a sign, an open is not.</summary>
    public EventCallback<bool> OpenChanged { get; }

    /// <summary>
    /// For the markup that <c>render</c> renders (anywhere in it): in the render that puts the stand-ins back, an empty
    /// content for MudBlazor's overlay section, gone again in the next. The section's outlet renders only when its content
    /// changes, and after a list closed, its tree from before that render still holds the list's overlay and, through
    /// it, its picker or menu; rendering twice more, the outlet keeps only this empty content. Not while another
    /// popover is open (a dialog's list, the other group's menu): its overlay would give way to this content for that
    /// render and come back as a new one; then nothing is refreshed, and the outlet lets go at its next change.
    /// </summary>
    public RenderFragment Refresh => _released && _refresh ? RefreshOverlaySection : Nothing;

    private static void RefreshOverlaySection(Microsoft.AspNetCore.Components.Rendering.RenderTreeBuilder builder)
    {
        builder.OpenComponent<SectionContent>(0);
        builder.AddComponentParameter(1, nameof(SectionContent.SectionName), OverlaySection);
        builder.AddComponentParameter(2, nameof(SectionContent.ChildContent), Nothing);
        builder.CloseComponent();
    }

    // On the owner's dispatcher, like every event handler: (re)starts the wait.
    public void Schedule()
    {
        if (!_disposed.IsCancellationRequested)
        {
            _signals++;
            _wait.Change(Delay, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>
    /// From the OnAfterRenderAsync of what <c>render</c> renders: after the stand-ins have landed, a focus that reached a
    /// control they replaced in the meantime (a round trip's window) goes to the stand-in in its place, which passes it
    /// on. And that part renders once more: its render tree from before the swap is kept for the next diff, and its frames
    /// hold the taken-down components, with everything they reference, until that tree is cleared for its next render.
    /// MudPopoverProvider the same: it rendered once as their popovers went (in the swap's render), and renders again
    /// only when a popover comes or goes, so one that comes and goes here makes it render twice more.
    /// </summary>
    public async Task AfterRenderAsync()
    {
        if (!_released)
        {
            return;
        }

        _released = false;
        _render();
        if (_refresh)
        {
            var refresh = new RefreshPopover();
            await _popovers.CreatePopoverAsync(refresh);
            await _popovers.DestroyPopoverAsync(refresh);
        }

        try
        {
            await _js.InvokeVoidAsync("portal.restoreFocus", _disposed.Token, [_areas()]);
        }
        catch (Exception e) when (e is JSException or JSDisconnectedException or OperationCanceledException)
        {
        }
    }

    // Never open and with no content: the provider renders an empty holder for it, then none.
    private sealed class RefreshPopover : IPopover
    {
        public Guid Id { get; } = Guid.NewGuid();
        public string PopoverClass => "";
        public string PopoverStyles => "";
        public bool Open { get; set; }
        public object? Tag { get; set; }
        public Dictionary<string, object?> UserAttributes { get; set; } = [];
        public RenderFragment? ChildContent { get; set; }
    }

    private async Task ReleaseIfOutOfUseAsync()
    {
        try
        {
            await _dispatch(async () =>
            {
                var signal = _signals;
                if (_disposed.IsCancellationRequested || !_canRelease())
                {
                    return;
                }

                // The browser answers from its own state: a focus or pointer whose event is still on its way here counts.
                var inUse = await _js.InvokeAsync<bool>("portal.inUse", _disposed.Token, [_areas(), _hoverAreas()]);
                // A sign during the question starts a wait of its own.
                if (inUse || signal != _signals || _disposed.IsCancellationRequested || !_canRelease())
                {
                    return;
                }

                _released = true;
                // The owner's own are all closed: an open one is someone else's.
                _refresh = !_popovers.ActivePopovers.Any(p => p.ShowContent);
                _release();
                _render();
            });
        }
        catch (Exception e) when (e is OperationCanceledException or JSException or JSDisconnectedException or ObjectDisposedException)
        {
            // The owner gone, or the browser unable to answer: the components stay.
        }
    }

    public void Dispose()
    {
        _disposed.Cancel();
        _wait.Dispose();
    }
}
