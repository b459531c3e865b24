namespace InterviewPortal.Domain;

/// <summary>
/// A broken business rule. <see cref="MessageKey"/> names a resource string the UI shows in the user's language;
/// <see cref="Arguments"/> fill its placeholders.
/// </summary>
public sealed class DomainException(string messageKey, params object[] arguments)
    : Exception($"{messageKey} ({string.Join(", ", arguments)})")
{
    public string MessageKey { get; } = messageKey;

    public IReadOnlyList<object> Arguments { get; } = arguments;
}
