using System.ComponentModel.DataAnnotations;

namespace SmsOtp.Core.Delivery;

/// <summary>
/// <c>SmsOtp:Delivery</c>, the queue side: how a code that no provider took yet is tried again while it can
/// still be used. (The per-call retries and breaker under the same section belong to the providers.)
/// </summary>
public sealed class DeliveryOptions : IValidatedOptions
{
    public const string SectionName = SectionNames.Root + ":Delivery";

    /// <summary>The wait before the second attempt; it doubles with each further attempt (with jitter).</summary>
    [Range(1, 300)]
    public int RedeliveryBaseDelaySeconds { get; set; } = 2;

    /// <summary>The longest wait between two attempts (an open breaker or a Retry-After may ask for longer).</summary>
    [Range(1, 3600)]
    public int RedeliveryMaxDelaySeconds { get; set; } = 30;

    /// <summary>A code that would arrive with less of its lifetime left than this is given up (delivery_failed).</summary>
    [Range(0, 3600)]
    public int GiveUpSecondsBeforeExpiry { get; set; } = 10;

    /// <summary>
    /// Receipts (spec §8): this service's public address (<c>https://otp.example.com</c>), for the per-message callback
    /// <c>{PublicBaseUrl}/api/delivery/receipts/{provider}?r=...</c> that Twilio, Vonage, Plivo and raw templates get.
    /// Unset: no callbacks are asked for (Clickatell and BulkSMS post to the webhook set in their console).
    /// </summary>
    public string? PublicBaseUrl { get; set; }

    /// <summary>An undelivered or failed receipt for an open challenge sends a fresh code through the next provider, once.</summary>
    public bool RerouteOnUndelivered { get; set; } = true;

    /// <summary>The receipts route under <see cref="PublicBaseUrl"/>, ending in '/' (the provider's name follows), or null.</summary>
    public string? ReceiptBaseUrl => string.IsNullOrWhiteSpace(PublicBaseUrl) ? null : PublicBaseUrl.Trim().TrimEnd('/') + "/api/delivery/receipts/";

    public void Validate(OptionsErrors errors)
    {
        if (!string.IsNullOrWhiteSpace(PublicBaseUrl)
            && (!Uri.TryCreate(PublicBaseUrl.Trim(), UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)
                || !string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment)))
        {
            errors.Add($"{errors.Prefix}{nameof(PublicBaseUrl)} must be an absolute http(s) URL without query or fragment (was '{PublicBaseUrl}').");
        }

        if (RedeliveryMaxDelaySeconds < RedeliveryBaseDelaySeconds)
        {
            errors.Add($"{errors.Prefix}{nameof(RedeliveryMaxDelaySeconds)} must not be less than {nameof(RedeliveryBaseDelaySeconds)}.");
        }
    }
}
