namespace SmsOtp.Core.Providers;

/// <summary>
/// One provider's answer. <see cref="ErrorCode"/> is the provider's own error code or the HTTP status,
/// never the provider's message text (which may contain the number). An accepted answer may carry a code
/// too: a note for metrics, such as Vonage's <c>partial:1</c> (part one accepted, a later part not).
/// </summary>
public sealed record ProviderResult(ProviderOutcome Outcome, string? ErrorCode = null, TimeSpan? RetryAfter = null)
{
    /// <summary>The request went out and no answer came in time: the provider may have sent the SMS.</summary>
    public bool TimedOut { get; init; }

    /// <summary>
    /// The provider's id for the accepted message, as its answer names it (Twilio <c>sid</c>, Vonage
    /// <c>message-id</c> of part one, Clickatell <c>apiMessageId</c>, Plivo <c>message_uuid[0]</c>, BulkSMS
    /// <c>[0].id</c>, EAPI batch id): what its delivery receipts name later. Null when the answer names none.
    /// </summary>
    public string? MessageId { get; init; }

    /// <summary>
    /// The provider refused this service's credentials (acs: 401/403): a refusal, so the next provider may send, that the
    /// breaker also counts (a misconfigured provider is then skipped without a call) and that is logged as an error.
    /// </summary>
    public bool ConfigurationFault { get; init; }

    public static ProviderResult Accepted { get; } = new(ProviderOutcome.Accepted);

    public static ProviderResult Transient(string code) => new(ProviderOutcome.Transient, code);

    public static ProviderResult Rejected(string code) => new(ProviderOutcome.Rejected, code);

    public static ProviderResult AcceptedAs(string? messageId, string? note = null) => new(ProviderOutcome.Accepted, note) { MessageId = messageId };
}
