namespace InterviewPortal.Web.Features.MiniProgram;

/// <summary>
/// A refusal the mini-program API answers as problem+json: an HTTP status, a stable machine-readable
/// <see cref="Code"/> the mini-program branches on, and a resource key for the message in the caller's language.
/// </summary>
public sealed class MiniProgramProblem(int status, string code, string messageKey, params object[] arguments) : Exception(code)
{
    public int Status { get; } = status;

    public string Code { get; } = code;

    public string MessageKey { get; } = messageKey;

    public IReadOnlyList<object> Arguments { get; } = arguments;

    /// <summary>For a 429: when the caller may try again (the Retry-After header).</summary>
    public TimeSpan? RetryAfter { get; init; }

    public static MiniProgramProblem NotFound() => new(StatusCodes.Status404NotFound, "not_found", "MpErrorNotFound");

    public static MiniProgramProblem Unauthorized() => new(StatusCodes.Status401Unauthorized, "session_invalid", "MpErrorSessionInvalid");

    public static MiniProgramProblem BadRequest(string code, string messageKey, params object[] arguments) => new(StatusCodes.Status400BadRequest, code, messageKey, arguments);
}
