using InterviewPortal.Domain;
using InterviewPortal.Web.Resources;
using Microsoft.Extensions.Localization;

namespace InterviewPortal.Web.Components.Shared;

public static class Messages
{
    /// <summary>A rule's message in the user's language; enum arguments (stages, statuses) are translated too.</summary>
    public static string For(this IStringLocalizer<Strings> l, DomainException ex) =>
        l[ex.MessageKey, [.. ex.Arguments.Select(a => a is Enum e ? (object)l.Label(e) : a)]];

    /// <summary>The label of an enum value: key <c>{EnumType}_{Value}</c>.</summary>
    public static string Label(this IStringLocalizer<Strings> l, Enum value)
    {
        var label = l[$"{value.GetType().Name}_{value}"];
        return label.ResourceNotFound ? value.ToString() : label.Value;
    }
}
