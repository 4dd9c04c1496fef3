using System.Text.RegularExpressions;

namespace SmsOtp.Core.Providers;

/// <summary>One SMS: the E.164 number, the rendered text and the code alone (for <c>$ctx.otp</c>).</summary>
public sealed partial record SmsMessage(string To, string Text, string Code)
{
    /// <summary>The tenant whose providers send it (spec §10.1: a tenant's own list replaces the global one).</summary>
    public string? Tenant { get; init; }

    private readonly string? _reference;

    /// <summary>
    /// Where receipts go (spec §8): <c>{SmsOtp:Delivery:PublicBaseUrl}/api/delivery/receipts/</c>, or null when receipts
    /// are off. With a <see cref="Reference"/>, each provider that takes a per-message callback gets
    /// <c>&lt;this&gt;&lt;its name&gt;?r=&lt;reference&gt;</c>.
    /// </summary>
    public string? ReceiptBaseUrl { get; init; }

    /// <summary>
    /// A reroute (spec §8): the provider whose receipt said undelivered. The chain starts with the provider after it
    /// (wrapping round) and never calls it.
    /// </summary>
    public string? StartAfter { get; init; }

    /// <summary>Providers whose request for this code timed out on earlier attempts, each once per timeout (the chain skips any twice in it).</summary>
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

    public override string ToString() => $"SMS to {Phone.MobileMask.Mask(To)}";

    [GeneratedRegex("^[A-Za-z0-9._~-]{1,64}$", RegexOptions.CultureInvariant)]
    private static partial Regex ReferencePattern();
}
