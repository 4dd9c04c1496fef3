namespace SmsOtp.Core.Delivery;

/// <summary>
/// A provider resolved from configuration: the request template and how to read its answer. Presets
/// produce one of these; a raw <c>Url</c>/<c>Payload</c> configuration is one already.
/// </summary>
public sealed record ProviderTemplate(
    string Name,
    string Url,
    string Method,
    IReadOnlyList<KeyValuePair<string, string>> Headers,
    string? Payload,
    int? ExpectedStatus,
    bool DigitsOnlyNumber,
    TimeSpan Timeout)
{
    /// <summary>Reads a success status's body for a failure the provider reports in it (Vonage, BulkSMS).</summary>
    public Func<int, string, ProviderResult?>? ReadBody { get; init; }

    /// <summary>Pulls the provider's own error code out of a failure answer.</summary>
    public Func<string, string?>? ReadErrorCode { get; init; }

    public string? ContentType => Headers.FirstOrDefault(h => h.Key.Equals("Content-Type", StringComparison.OrdinalIgnoreCase)).Value;
}
