namespace SmsOtp.Core.Providers;

/// <summary>The outcome of handing an SMS to the provider chain: who accepted it, or what each refused.</summary>
public sealed record DeliveryResult(bool Accepted, string? Provider, IReadOnlyList<string> Failures)
{
    /// <summary>Not accepted, but some provider may take it later (5xx, 429, timeout, an open breaker): try again.</summary>
    public bool Transient { get; init; }

    /// <summary>The earliest a provider said it may work again (Retry-After, an open breaker), when all said so.</summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>
    /// Providers whose request for this code went out and got no answer in time, on earlier attempts and this one, each
    /// once per timeout: what the next attempt hands back as <see cref="SmsMessage.TimedOutBefore"/>.
    /// </summary>
    public IReadOnlyList<string> TimedOut { get; init; } = [];

    /// <summary>A provider timed out for this code: it may have sent the SMS, so the code is not failed (no second SMS, no delivery_failed).</summary>
    public bool MayHaveBeenSent => TimedOut.Count > 0;

    /// <summary>
    /// The accepting provider's id for the message, when its answer named one (<see cref="ProviderResult.MessageId"/>):
    /// store it with the code, so a delivery receipt can be matched to the row.
    /// </summary>
    public string? MessageId { get; init; }

    /// <summary>Whether the accepting provider will post a receipt for it (spec §8), so its message id is kept.</summary>
    public bool ReceiptsExpected { get; init; }
}
