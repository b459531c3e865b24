using System.ComponentModel.DataAnnotations;
using InterviewPortal.Web.Resources;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.Extensions.Localization;

namespace InterviewPortal.Web.Components.Shared;

/// <summary>
/// DataAnnotations validation with messages in the user's language: each attribute's <c>ErrorMessage</c> is a key in
/// Strings.resx. Use instead of <c>DataAnnotationsValidator</c> (static account pages and MudBlazor forms alike).
/// </summary>
public sealed class LocalizedValidator : ComponentBase, IDisposable
{
    private ValidationMessageStore? _store;
    private EditContext? _context;

    [CascadingParameter]
    private EditContext? CurrentEditContext { get; set; }

    [Inject]
    private IStringLocalizer<Strings> L { get; set; } = default!;

    protected override void OnParametersSet()
    {
        if (CurrentEditContext is null)
        {
            throw new InvalidOperationException($"{nameof(LocalizedValidator)} must be placed inside an EditForm.");
        }

        if (ReferenceEquals(CurrentEditContext, _context))
        {
            return;
        }

        Detach();
        _context = CurrentEditContext;
        _store = new ValidationMessageStore(_context);
        _context.OnValidationRequested += ValidateModel;
        _context.OnFieldChanged += ValidateField;
    }

    private void ValidateModel(object? sender, ValidationRequestedEventArgs e)
    {
        var model = _context!.Model;
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(model, new ValidationContext(model), results, validateAllProperties: true);
        _store!.Clear();
        foreach (var result in results)
        {
            foreach (var member in result.MemberNames.DefaultIfEmpty(""))
            {
                _store.Add(_context.Field(member), Translate(result.ErrorMessage));
            }
        }

        _context.NotifyValidationStateChanged();
    }

    private void ValidateField(object? sender, FieldChangedEventArgs e)
    {
        var field = e.FieldIdentifier;
        var property = field.Model.GetType().GetProperty(field.FieldName);
        if (property is null)
        {
            return;
        }

        var results = new List<ValidationResult>();
        Validator.TryValidateProperty(property.GetValue(field.Model), new ValidationContext(field.Model) { MemberName = field.FieldName }, results);
        _store!.Clear(field);
        _store.Add(field, results.Select(r => Translate(r.ErrorMessage)));
        _context!.NotifyValidationStateChanged();
    }

    private string Translate(string? key) => key is null ? L["ValidationInvalid"] : L[key];

    private void Detach()
    {
        if (_context is not null)
        {
            _context.OnValidationRequested -= ValidateModel;
            _context.OnFieldChanged -= ValidateField;
        }
    }

    public void Dispose() => Detach();
}
