using System.Diagnostics;

namespace SmsOtp.Core.Telemetry;

/// <summary>
/// One call to one provider, from <see cref="SmsOtpTelemetry.StartProviderCall"/>: its span (current while the
/// call runs, so the HTTP client's spans are its children) and its start. <see cref="End"/> counts the outcome in
/// <c>smsotp.deliveries</c> and the time in <c>smsotp.provider.duration</c>; disposing ends the span.
/// </summary>
public readonly struct ProviderCall : IDisposable
{
    public const string Accepted = "accepted";
    public const string Rejected = "rejected";
    public const string Transient = "transient";

    private readonly string _provider;
    private readonly Activity? _span;
    private readonly long _started;

    internal ProviderCall(string provider, Activity? span, long started)
    {
        _provider = provider;
        _span = span;
        _started = started;
    }

    /// <summary>
    /// The call's outcome: <c>accepted</c>, <c>rejected</c> or <c>transient</c> (the provider feature's outcome names,
    /// in any case) and the provider's error code or HTTP status, never its message text.
    /// </summary>
    public void End(string outcome, string? errorCode) =>
        SmsOtpTelemetry.RecordProviderCall(_provider, Normalize(outcome), errorCode, Stopwatch.GetElapsedTime(_started).TotalSeconds, _span);

    public void Dispose() => _span?.Dispose();

    private static string Normalize(string outcome) => outcome switch
    {
        "Accepted" or Accepted => Accepted,
        "Rejected" or Rejected => Rejected,
        "Transient" or Transient => Transient,
        _ => outcome.ToLowerInvariant(),
    };
}
