using System.Globalization;
using SmsOtp.Testing;

namespace SmsOtp.Benchmarks.Soak;

/// <summary>
/// The soak's faults in time, deterministic for a seed: after a healthy lead-in, each pass runs the nine
/// faults below in an order drawn from the seed (with their parameters drawn too), separated by healthy gaps,
/// and ends with the labelled by-design sub-phase (provider answers beyond its timeout). Windows never overlap;
/// their effects may, except that the outage that opens the breaker is followed by the breaker's duration of
/// healthy time more, so that every window meets a closed breaker.
/// </summary>
public sealed class FaultSchedule
{
    private const string OutageLabel = "provider outage (opens the breaker)";

    private FaultSchedule(IReadOnlyList<FaultWindow> windows, TimeSpan length)
    {
        Windows = windows;
        Length = length;
    }

    public IReadOnlyList<FaultWindow> Windows { get; }

    /// <summary>From the schedule's start to the end of its last healthy gap.</summary>
    public TimeSpan Length { get; }

    /// <param name="quick">Half-length windows (at least 2 s) and 3 s gaps, for a short run.</param>
    /// <param name="providerTimeout">The service's provider timeout: slow answers stay 1.5 s under it, late ones 1-2 s over it.</param>
    /// <param name="breakerDuration">How long the service's breaker stays open: the outage that opens it is followed by that
    /// much more healthy time, so the next window meets a closed breaker (and reaches the provider at all).</param>
    public static FaultSchedule Build(int seed, int passes, bool quick, TimeSpan providerTimeout, TimeSpan breakerDuration)
    {
        var random = new Random(seed);
        var gap = TimeSpan.FromSeconds(quick ? 3 : 6);
        TimeSpan Length(double seconds) => TimeSpan.FromSeconds(quick ? Math.Max(2, Math.Round(seconds / 2)) : seconds);
        var windows = new List<FaultWindow>();
        var at = TimeSpan.FromSeconds(quick ? 3 : 5);
        for (var pass = 1; pass <= passes; pass++)
        {
            var faults = new List<(string Label, double Seconds, ProviderFault? Provider, StorageFault? Storage)>
            {
                ("provider 500 burst", 8, new ProviderFault(ProviderFaultKind.Error500), null),
                ("provider 503 burst", 8, new ProviderFault(ProviderFaultKind.Error503), null),
                // Long enough that failures pass half of the breaker's 30 s window despite the healthy traffic around it.
                (OutageLabel, 20, new ProviderFault(ProviderFaultKind.Error503), null),
                ("provider throttling", 6, new ProviderFault(ProviderFaultKind.Throttle429) { RetryAfterSeconds = random.Next(1, 4) }, null),
                ("provider connection resets", 5, new ProviderFault(ProviderFaultKind.ConnectionReset, 0.5), null),
                ("provider slow answers", 10, new ProviderFault(ProviderFaultKind.Slow)
                {
                    MinDelay = TimeSpan.FromSeconds(0.3), MaxDelay = providerTimeout - TimeSpan.FromSeconds(1.5),
                }, null),
                ("storage latency spike", 5, null, StorageFault.Delay(TimeSpan.FromMilliseconds(random.Next(100, 201)))),
                ("storage refuses connections", 3, null, StorageFault.Refuse),
                ("storage resets connections", 3, null, StorageFault.Reset),
            };
            random.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(faults));
            foreach (var (label, seconds, provider, storage) in faults)
            {
                var window = new FaultWindow(pass, at, Length(seconds), label, provider, storage);
                windows.Add(window);
                at = window.End + gap + (label == OutageLabel ? breakerDuration : TimeSpan.Zero);
            }

            var late = new FaultWindow(pass, at, Length(6), "BY DESIGN: provider answers beyond its timeout",
                new ProviderFault(ProviderFaultKind.Late)
                {
                    MinDelay = providerTimeout + TimeSpan.FromSeconds(1), MaxDelay = providerTimeout + TimeSpan.FromSeconds(2),
                }, null, ByDesign: true);
            windows.Add(late);
            at = late.End + gap;
        }

        return new FaultSchedule(windows, at);
    }

    public FaultWindow? WindowAt(TimeSpan at) => Windows.FirstOrDefault(w => w.Contains(at));

    public ProviderFault ProviderAt(TimeSpan at) => WindowAt(at)?.Provider ?? ProviderFault.Healthy;

    /// <summary>True while a storage fault is on, and for <paramref name="slack"/> after it (requests that began in it still answer then).</summary>
    public bool InStorageFault(TimeSpan at, TimeSpan slack) =>
        Windows.Any(w => w.Storage is not null && at >= w.Start && at < w.End + slack);

    public IEnumerable<string> Describe() => Windows.Select(w => string.Create(CultureInfo.InvariantCulture,
        $"pass {w.Pass}  {w.Start.TotalSeconds,6:0.0} s - {w.End.TotalSeconds,6:0.0} s  {w.Label}: {(object?)w.Provider ?? w.Storage}"));
}
