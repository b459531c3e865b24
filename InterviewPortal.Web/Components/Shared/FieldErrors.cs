using InterviewPortal.Domain;
using InterviewPortal.Web.Resources;
using Microsoft.Extensions.Localization;

namespace InterviewPortal.Web.Components.Shared;

/// <summary>
/// Puts a refused rule's message on the form field it concerns (by message key), so dialogs show validation where the
/// user has to act; a message that concerns no field of the form is kept for the dialog's alert.
/// </summary>
public sealed class FieldErrors(IReadOnlyDictionary<string, string> fieldByKey)
{
    private readonly Dictionary<string, string> _errors = [];

    public string? General { get; private set; }

    public bool Has(string field) => _errors.ContainsKey(field);

    public string? this[string field] => _errors.GetValueOrDefault(field);

    public void Clear()
    {
        _errors.Clear();
        General = null;
    }

    public void Show(DomainException ex, IStringLocalizer<Strings> l)
    {
        Clear();
        var message = l.For(ex);
        if (fieldByKey.TryGetValue(ex.MessageKey, out var field))
        {
            _errors[field] = message;
        }
        else
        {
            General = message;
        }
    }
}
