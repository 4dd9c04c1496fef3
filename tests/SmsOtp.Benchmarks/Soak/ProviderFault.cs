using System.Globalization;

namespace SmsOtp.Benchmarks.Soak;

/// <summary>
/// What the soak's provider does during a fault window: <see cref="Kind"/> for a share <see cref="Ratio"/> of the
/// requests (drawn per request from the seeded generator), a healthy answer for the others.
/// </summary>
public sealed record ProviderFault(ProviderFaultKind Kind, double Ratio = 1.0)
{
    public static ProviderFault Healthy { get; } = new(ProviderFaultKind.Healthy);

    /// <summary>For <see cref="ProviderFaultKind.Throttle429"/>: the Retry-After sent.</summary>
    public int RetryAfterSeconds { get; init; }

    /// <summary>For <see cref="ProviderFaultKind.Slow"/> and <see cref="ProviderFaultKind.Late"/>: the answer's delay, uniform in [min, max].</summary>
    public TimeSpan MinDelay { get; init; }

    public TimeSpan MaxDelay { get; init; }

    public override string ToString()
    {
        var share = Ratio >= 1 ? "" : string.Create(CultureInfo.InvariantCulture, $" to {Ratio:P0} of requests");
        return Kind switch
        {
            ProviderFaultKind.Throttle429 => $"429 Retry-After: {RetryAfterSeconds}{share}",
            ProviderFaultKind.Slow or ProviderFaultKind.Late =>
                string.Create(CultureInfo.InvariantCulture, $"{Kind} answers after {MinDelay.TotalSeconds:0.0}-{MaxDelay.TotalSeconds:0.0} s{share}"),
            _ => Kind + share,
        };
    }
}
