namespace InterviewPortal.Domain;

/// <summary>
/// A broken business rule. <see cref="MessageKey"/> names a resource string the UI shows in the user's language;
/// <see cref="Arguments"/> fill its placeholders.
/// </summary>
public sealed class DomainException(string messageKey, params object[] arguments)
    : Exception(messageKey) // the key only: arguments may be personal data (an email) and messages reach logs
{
    public string MessageKey { get; } = messageKey;

    public IReadOnlyList<object> Arguments { get; } = arguments;
}
