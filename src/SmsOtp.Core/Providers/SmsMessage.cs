using System.Text.RegularExpressions;

namespace SmsOtp.Core.Providers;

/// <summary>
/// One SMS as the provider chain gets it: the code's <see cref="SmsContent"/> as it was issued (the number, the code for
/// <c>$ctx.otp</c>, the tenant whose providers send it, a reroute's start) and the rendered text, with what this
/// delivery attempt adds (the receipt address, the reference, the providers that timed out before).
/// </summary>
public sealed partial record SmsMessage(SmsContent Content, string Text)
{
    private readonly string? _reference;

    /// <summary>The E.164 number (the content's).</summary>
    public string To => Content.Mobile;

    /// <summary>The code alone (the content's), for <c>$ctx.otp</c>.</summary>
    public string Code => Content.Code;

    /// <summary>
    /// Where receipts go (spec §8): <c>{SmsOtp:Delivery:PublicBaseUrl}/api/delivery/receipts/</c>, or null when receipts
    /// are off. With a <see cref="Reference"/>, each provider that takes a per-message callback gets
    /// <c>&lt;this&gt;&lt;its name&gt;?r=&lt;reference&gt;</c>.
    /// </summary>
    public string? ReceiptBaseUrl { get; init; }

    /// <summary>
    /// Providers whose request for this code timed out on earlier attempts, each once per timeout; what
    /// <see cref="ProviderChain"/> makes of them is its rule alone.
    /// </summary>
    public IReadOnlyList<string> TimedOutBefore { get; init; } = [];

    /// <summary>
    /// An opaque reference to this code version: the same on every attempt and redelivery of one code, another for
    /// every other code, and derived from nothing secret (never the code or the number). 1-64 characters of
    /// <c>A-Z a-z 0-9 . _ ~ -</c>, so it is URL-safe and never a template placeholder. Presets send it where the
    /// provider offers a field for it: BulkSMS's <c>deduplication-id</c> and the EAPI's <c>stop_dup_id</c> (an int32
    /// derived from it, so a retry after a timeout is dropped by BulkSMS rather than sent twice) and Clickatell's
    /// <c>clientMessageId</c>. Null: none of those is sent.
    /// </summary>
    public string? Reference
    {
        get => _reference;
        init => _reference = value is null || ReferencePattern().IsMatch(value)
            ? value
            : throw new ArgumentException("A reference is 1-64 characters of A-Z a-z 0-9 . _ ~ -.", nameof(Reference));
    }

    /// <summary>
    /// When the code was first queued, kept by every redelivery (the queue message's <c>eq</c>): ACS's
    /// <c>repeatabilityFirstSent</c>. Null: not known (no repeatability fields are sent).
    /// </summary>
    public DateTimeOffset? FirstAttempt { get; init; }

    public override string ToString() => $"SMS to {Phone.MobileMask.Mask(To)}";

    [GeneratedRegex("^[A-Za-z0-9._~-]{1,64}$", RegexOptions.CultureInvariant)]
    private static partial Regex ReferencePattern();
}
