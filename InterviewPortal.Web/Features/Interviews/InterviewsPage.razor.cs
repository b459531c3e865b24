using System.Globalization;
using InterviewPortal.Domain.Identity;
using InterviewPortal.Domain.Interviews;
using InterviewPortal.Web.Components.Shared;
using InterviewPortal.Web.Features.Recruiting;
using InterviewPortal.Web.Features.Shared;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace InterviewPortal.Web.Features.Interviews;

// The page's state and handlers; InterviewsPage.razor has the markup and the small templates it repeats.
public sealed partial class InterviewsPage
{
    private const string DateFormat = "yyyy-MM-dd";

    // How many options a picker lists; it asks for one more, to know whether to say there are more to narrow down.
    private const int PickerItems = 10;

    private static readonly int[] PageSizes = [25, 50, 100];

    [SupplyParameterFromQuery] public string? From { get; set; }
    [SupplyParameterFromQuery] public string? To { get; set; }
    [SupplyParameterFromQuery] public string? Status { get; set; }
    [SupplyParameterFromQuery] public string? Round { get; set; }
    [SupplyParameterFromQuery] public string? Position { get; set; }
    [SupplyParameterFromQuery] public string? Interviewer { get; set; }
    [SupplyParameterFromQuery] public string? Agency { get; set; }
    [SupplyParameterFromQuery] public string? Q { get; set; }
    [SupplyParameterFromQuery] public bool Mine { get; set; }

    private IReadOnlyList<InterviewRow> _rows = [];
    private int _total;
    private bool _totalIsLowerBound;
    private int _page;
    private int _pageSize = PageSizes[0];
    private bool _descending;
    private bool _loading = true;
    private CancellationTokenSource? _reading;
    private Caller? _caller;
    private PositionOption? _position;
    private PersonOption? _interviewer;
    private AgencyOption? _agency;

    // The pickers are made when the pointer or the focus reaches the filters, and go back to their stand-ins once out
    // of use (see the markup); either renders only _pickerSlot.
    private bool _pickersMade;
    private RenderSlot? _pickerSlot;
    private readonly EventCallback _makePickers;
    private ElementReference _filters;
    private StandInRelease? _pickerRelease;
    private MudAutocomplete<PositionOption>? _positionPicker;
    private MudAutocomplete<PersonOption>? _interviewerPicker;
    private MudAutocomplete<AgencyOption>? _agencyPicker;
    private Func<Task>? _focusAfterRender;

    // What the page renders into the date inputs: the address's date, or the date just typed (rendered back unchanged, so
    // the re-render that follows the handler, before the address has changed, does not overwrite it). A year still being
    // typed is not rendered back: a render reaching the browser after the next digit would restart the year (0006).
    private string? _fromText;
    private string? _toText;

    public InterviewsPage() => _makePickers = StandInRelease.WithoutRender(MakePickers);

    private DateTime? FromDate => DateTime.TryParseExact(From, DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;
    private DateTime? ToDate => DateTime.TryParseExact(To, DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;
    private InterviewStatus? ParsedStatus => Enum.TryParse<InterviewStatus>(Status, out var s) ? s : null;
    private InterviewRound? ParsedRound => Enum.TryParse<InterviewRound>(Round, out var r) ? r : null;
    private Guid? ParsedPosition => Guid.TryParse(Position, out var g) ? g : null;
    private Guid? ParsedAgency => Guid.TryParse(Agency, out var g) ? g : null;

    protected override async Task OnInitializedAsync()
    {
        _pickerRelease = new StandInRelease(JS, Popovers, Time, InvokeAsync, () => [_filters], () => [_filters],
            canRelease: () => _pickersMade && _focusAfterRender is null && !AnyPickerOpen,
            release: () => (_pickersMade, _positionPicker, _interviewerPicker, _agencyPicker) = (false, null, null, null),
            render: () => _pickerSlot?.Render());
        await Clock.ZoneAsync();
        _caller = await Origin.GetCallerAsync();
    }

    // The filters live in the URL, so a filtered view can be bookmarked and shared; a change reads the first page again.
    protected override async Task OnParametersSetAsync()
    {
        _fromText = FromDate?.ToString(DateFormat, CultureInfo.InvariantCulture);
        _toText = ToDate?.ToString(DateFormat, CultureInfo.InvariantCulture);
        if (_caller?.IsRecruiter == true)
        {
            // The pickers show what the address says; an id that names nothing is shown as it is, so it can be cleared.
            if (ParsedPosition is { } position && _position?.Id != position)
            {
                _position = await Positions.FindAsync(position) ?? new PositionOption(position, position.ToString());
            }
            else if (ParsedPosition is null)
            {
                _position = null;
            }

            if (Interviewer is { Length: > 0 } interviewer && _interviewer?.Id != interviewer)
            {
                _interviewer = await Positions.PersonAsync(Roles.Interviewer, interviewer) ?? new PersonOption(interviewer, interviewer, "");
            }
            else if (string.IsNullOrEmpty(Interviewer))
            {
                _interviewer = null;
            }

            if (ParsedAgency is { } agency && _agency?.Id != agency)
            {
                _agency = await Agencies.FindAsync(agency) ?? new AgencyOption(agency, agency.ToString());
            }
            else if (ParsedAgency is null)
            {
                _agency = null;
            }
        }

        // The prerendered page reads nothing (it shows the loading bar); its circuit reads the first page.
        if (RendererInfo.IsInteractive)
        {
            _page = 0;
            await ReadPageAsync();
        }
    }

    // After each render of the pickers' part (with the page's, or on its own).
    private async Task PickersRenderedAsync()
    {
        if (_focusAfterRender is { } focus)
        {
            _focusAfterRender = null;
            await focus();
        }

        if (_pickerRelease is not null)
        {
            await _pickerRelease.AfterRenderAsync();
        }
    }

    public void Dispose()
    {
        _reading?.Cancel();
        _pickerRelease?.Dispose();
    }

    private async Task ReadPageAsync()
    {
        // A newer read (another click, another filter) cancels the one still running.
        _reading?.Cancel();
        var reading = _reading = new CancellationTokenSource();
        _loading = true;
        var filter = new InterviewFilter(
            FromDate is { } f ? Clock.ToUtc(f) : null,
            ToDate is { } t ? Clock.ToUtc(t.AddDays(1)) : null,
            ParsedStatus, ParsedPosition, ParsedRound, Interviewer, ParsedAgency, Q, Mine,
            _descending ? InterviewSort.StartDescending : InterviewSort.StartAscending);
        try
        {
            var page = await Interviews.ListAsync(filter, _page, _pageSize, reading.Token);
            if (reading == _reading)
            {
                _rows = page.Rows;
                _total = page.TotalCount;
                // A narrowed list is counted only so far: the pager then says "1,000+" rather than a wrong total.
                _totalIsLowerBound = page.TotalIsLowerBound;
            }
        }
        catch (OperationCanceledException) when (reading.IsCancellationRequested)
        {
        }
        finally
        {
            if (reading == _reading)
            {
                _loading = false;
            }
        }
    }

    private int LastPage => Math.Max(0, (_total - 1) / _pageSize);

    // The pager's and the sort button's handlers are methods, not lambdas: a re-render then keeps their event handler ids.
    private Task GoToAsync(int page)
    {
        _page = Math.Clamp(page, 0, LastPage);
        return ReadPageAsync();
    }

    private Task FirstPageAsync() => GoToAsync(0);

    private Task PreviousPageAsync() => GoToAsync(_page - 1);

    private Task NextPageAsync() => GoToAsync(_page + 1);

    private Task LastPageAsync() => GoToAsync(LastPage);

    private Task PageSizeChangedAsync(ChangeEventArgs e)
    {
        _pageSize = int.TryParse(e.Value?.ToString(), out var size) && PageSizes.Contains(size) ? size : PageSizes[0];
        return GoToAsync(0);
    }

    private Task ToggleSortAsync()
    {
        _descending = !_descending;
        return GoToAsync(0);
    }

    private string PageInfo() =>
        (_totalIsLowerBound ? L["PagerInfoFormatAtLeast"] : L["PagerInfoFormat"]).Value
            .Replace("{first_item}", (_total == 0 ? 0 : _page * _pageSize + 1).ToString(CultureInfo.CurrentCulture))
            .Replace("{last_item}", Math.Min((_page + 1) * _pageSize, _total).ToString(CultureInfo.CurrentCulture))
            .Replace("{all_items}", _total.ToString(CultureInfo.CurrentCulture));

    private static string RowHref(InterviewRow row) => $"interviews/{row.Id}";

    // The pointer or the focus reaching the filters makes the pickers; leaving them, or a picker's list closing, may leave
    // them out of use. The handlers are the same whether the pickers exist or not (so the page need not render to change
    // them), and render nothing themselves: only the pickers' part renders, when they are made or put back.
    private EventCallback MakePickersSignal => _makePickers;

    private EventCallback ReleasePickersSignal => _pickerRelease?.Signal ?? default;

    // Only HR and admins have pickers.
    private void MakePickers()
    {
        if (!_pickersMade && _caller?.IsRecruiter == true)
        {
            _pickersMade = true;
            _pickerSlot?.Render();
        }
    }

    private EventCallback<bool> PickerOpenChanged => _pickerRelease?.OpenChanged ?? default;

    private bool AnyPickerOpen => _positionPicker?.Open == true || _interviewerPicker?.Open == true || _agencyPicker?.Open == true;

    // A stand-in that got the focus: its picker takes it once made. Renders only the pickers' part.
    private EventCallback MakePickersFocusing(Func<Task> focus) => StandInRelease.WithoutRender(() =>
    {
        _pickersMade = true;
        _focusAfterRender = focus;
        _pickerSlot?.Render();
    });

    private Task PositionChanged(PositionOption? value)
    {
        _position = value;
        return ApplyAsync(position: value?.Id.ToString(), clearPosition: value is null);
    }

    private Task InterviewerChanged(PersonOption? value)
    {
        _interviewer = value;
        return ApplyAsync(interviewer: value?.Id, clearInterviewer: value is null);
    }

    private Task AgencyChanged(AgencyOption? value)
    {
        _agency = value;
        return ApplyAsync(agency: value?.Id.ToString(), clearAgency: value is null);
    }

    private async Task<IEnumerable<PositionOption>> FindPositionsAsync(string? text, CancellationToken ct) =>
        await Positions.FindAsync(text, PickerItems + 1, ct);

    private async Task<IEnumerable<PersonOption>> FindInterviewersAsync(string? text, CancellationToken ct) =>
        await Positions.FindPeopleAsync(Roles.Interviewer, text, PickerItems + 1, ct);

    private async Task<IEnumerable<AgencyOption>> FindAgenciesAsync(string? text, CancellationToken ct) =>
        await Agencies.FindAsync(text, PickerItems + 1, ct);

    private Task FromChangedAsync(ChangeEventArgs e)
    {
        var date = TypedDate(e.Value?.ToString());
        if (date == "")
        {
            return Task.CompletedTask;
        }

        _fromText = e.Value?.ToString();
        return date is null ? ApplyAsync(clearFrom: true) : ApplyAsync(from: date);
    }

    private Task ToChangedAsync(ChangeEventArgs e)
    {
        var date = TypedDate(e.Value?.ToString());
        if (date == "")
        {
            return Task.CompletedTask;
        }

        _toText = e.Value?.ToString();
        return date is null ? ApplyAsync(clearTo: true) : ApplyAsync(to: date);
    }

    // A date input's value is yyyy-MM-dd, or empty once cleared (null: clear the filter). Chromium sends a change for
    // each digit typed into the year (0002, 0020, 0202, 2026): a year under 1000 is one still being typed ("": wait).
    private static string? TypedDate(string? value) =>
        !DateTime.TryParseExact(value, DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? null
        : d.Year < 1000 ? ""
        : d.ToString(DateFormat, CultureInfo.InvariantCulture);

    private static string? Chosen(ChangeEventArgs e) => e.Value?.ToString() is { Length: > 0 } value ? value : null;

    private Task MineChangedAsync(ChangeEventArgs e) => ApplyAsync(mine: e.Value is true || e.Value?.ToString() == "true");

    private Task ApplyAsync(
        string? from = null, string? to = null, string? status = null, string? round = null, string? position = null, string? interviewer = null,
        string? agency = null, string? q = null, bool? mine = null, bool clearFrom = false, bool clearTo = false, bool clearStatus = false,
        bool clearRound = false, bool clearPosition = false, bool clearInterviewer = false, bool clearAgency = false, bool clearQ = false)
    {
        string? Pick(string? value, bool clear, string? current) => clear ? null : value ?? current;

        // The address changes only after a round trip to the browser. Until then the page holds the new filters: the
        // re-render that follows this handler shows what was just chosen (rather than writing the previous values back
        // into the controls), and a second change made before the address has caught up keeps the first.
        (From, To, Status, Round, Position, Interviewer, Agency, Q, Mine) = (
            Pick(from, clearFrom, From), Pick(to, clearTo, To), Pick(status, clearStatus, Status), Pick(round, clearRound, Round),
            Pick(position, clearPosition, Position), Pick(interviewer, clearInterviewer, Interviewer), Pick(agency, clearAgency, Agency),
            Pick(q, clearQ, Q), mine ?? Mine);
        var query = new Dictionary<string, object?>
        {
            ["from"] = From,
            ["to"] = To,
            ["status"] = Status,
            ["round"] = Round,
            ["position"] = Position,
            ["interviewer"] = Interviewer,
            ["agency"] = Agency,
            ["q"] = Q,
            ["mine"] = Mine ? "true" : null,
        };
        Navigation.NavigateTo(Navigation.GetUriWithQueryParameters(query), replace: true);
        return Task.CompletedTask;
    }

    private void ClearFilters() => Navigation.NavigateTo("interviews", replace: true);

    private async Task ScheduleAsync()
    {
        var dialog = await Dialogs.ShowAsync<ScheduleDialog>(L["InterviewsSchedule"], new DialogOptions { MaxWidth = MaxWidth.Medium, FullWidth = true });
        if (await dialog.Result is { Canceled: false, Data: Guid id })
        {
            Snackbar.Add(L["InterviewsScheduled"], Severity.Success);
            Navigation.NavigateTo($"interviews/{id}");
        }
    }

    // The cells are markup, not components (a LocalTime and a MudChip per row were 50 of a circuit's ~400 components,
    // each holding its own render tree: docs/perf.md). The zone was read in OnInitializedAsync, so Clock.Format uses it.
    private string ExactTime(DateTime utc) => $"{Clock.Format(utc, "yyyy-MM-dd HH:mm:ss")} ({Clock.Zone.Id})";

    // What MudChip renders for Size.Small, Variant.Outlined and the status's colour.
    private static string StatusChipClass(InterviewStatus status) =>
        $"mud-chip mud-chip-outlined mud-chip-size-small mud-chip-color-{StatusColor(status).ToString().ToLowerInvariant()}";

    public static Color StatusColor(InterviewStatus status) => status switch
    {
        InterviewStatus.Scheduled => Color.Info,
        InterviewStatus.InProgress => Color.Primary,
        InterviewStatus.Completed => Color.Success,
        InterviewStatus.Cancelled => Color.Default,
        _ => Color.Warning,
    };
}
