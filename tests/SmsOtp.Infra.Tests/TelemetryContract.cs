namespace SmsOtp.Infra.Tests;

/// <summary>
/// The telemetry the alert rules and the workbook read: the instruments of spec section 11 with their
/// attributes, and the spans and span attributes docs/operations.md asks the service to emit.
/// </summary>
public static class TelemetryContract
{
    /// <summary>Spec section 11: instrument name to its attributes.</summary>
    public static readonly IReadOnlyDictionary<string, string[]> Instruments = new Dictionary<string, string[]>
    {
        ["smsotp.sends"] = ["tenant", "outcome", "country"],
        ["smsotp.verifications"] = ["tenant", "status", "method"],
        ["smsotp.deliveries"] = ["provider", "outcome", "error_code"],
        ["smsotp.delivery.duration"] = ["provider"],
        ["smsotp.provider.duration"] = ["provider", "outcome"],
        ["smsotp.receipts"] = ["provider", "status"],
        ["smsotp.sms.segments"] = ["tenant", "country", "encoding"],
        ["smsotp.fraudguard.suspensions"] = ["country"],
    };

    /// <summary>Spans (ActivitySource SmsOtp) the workbook reads, with the attributes it reads on them.</summary>
    public static readonly IReadOnlyDictionary<string, string[]> Spans = new Dictionary<string, string[]>
    {
        ["smsotp.delivery"] = ["smsotp.provider", "smsotp.delivery.duration_s"],
        ["smsotp.verify"] = ["smsotp.status", "smsotp.country"],
    };

    public static IEnumerable<string> MetricAttributes => Instruments.Values.SelectMany(a => a).Distinct();

    public static IEnumerable<string> SpanAttributes => Spans.Values.SelectMany(a => a).Distinct();
}
