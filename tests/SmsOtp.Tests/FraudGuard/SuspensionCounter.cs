using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace SmsOtp.Tests.FraudGuard;

/// <summary>Listens to <c>smsotp.fraudguard.suspensions</c> (spec §11) and sums it by its <c>country</c> attribute.</summary>
public sealed class SuspensionCounter : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<string, long> _byCountry = new(StringComparer.Ordinal);

    public SuspensionCounter()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == "SmsOtp" && instrument.Name == "smsotp.fraudguard.suspensions")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            var country = "";
            foreach (var tag in tags)
            {
                if (tag.Key == "country")
                {
                    country = tag.Value as string ?? "";
                }
            }

            _byCountry.AddOrUpdate(country, value, (_, n) => n + value);
        });
        _listener.Start();
    }

    public long For(string country) => _byCountry.GetValueOrDefault(country);

    public void Dispose() => _listener.Dispose();
}
