using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace SmsOtp.Tests.Telemetry;

/// <summary>
/// In-memory exporters on a real local server: every span the server's tracer provider exports and every
/// metric snapshot its meter provider exports, beside the server's own exporters (its Prometheus endpoint).
/// The tracer is configured exactly as the hosts configure theirs (<see cref="SmsOtpInstrumentation"/>).
/// The SDK listens process-wide by name, so spans and measurements of servers that other tests run at the same
/// time arrive too: tests select theirs by trace id, tenant or provider name.
/// </summary>
public sealed class TelemetryCapture
{
    private readonly LockedList<Activity> _spans = new();
    private readonly LockedList<MetricSnapshot> _metrics = new();
    private IServiceProvider? _services;

    /// <summary>Adds the exporters to a local server's builder (pass to <see cref="LocalServerHost.StartAsync"/>).</summary>
    public void Configure(WebApplicationBuilder builder) =>
        builder.Services.AddOpenTelemetry()
            .WithTracing(tracing => tracing.AddSmsOtpInstrumentation().AddInMemoryExporter(_spans))
            .WithMetrics(metrics => metrics.AddSmsOtpInstrumentation().AddInMemoryExporter(_metrics));

    public void Attach(LocalServerHost server) => _services = server.Services;

    public IReadOnlyList<Activity> Spans => _spans.Snapshot();

    /// <summary>The latest (cumulative) snapshot of every metric, after a collection.</summary>
    public IReadOnlyDictionary<string, MetricSnapshot> Metrics()
    {
        _services!.GetRequiredService<MeterProvider>().ForceFlush();
        var latest = new Dictionary<string, MetricSnapshot>(StringComparer.Ordinal);
        foreach (var snapshot in _metrics.Snapshot())
        {
            latest[snapshot.Name] = snapshot;
        }

        return latest;
    }

    /// <summary>The sum of a counter over the points whose attributes include every pair given.</summary>
    public long Sum(string instrument, params (string Key, string Value)[] where) =>
        Points(instrument, where).Sum(p => p.GetSumLong());

    /// <summary>The number of values a histogram recorded over the matching points.</summary>
    public long Count(string instrument, params (string Key, string Value)[] where) =>
        Points(instrument, where).Sum(p => p.GetHistogramCount());

    /// <summary>Every attribute set of an instrument's points (for "which attributes" assertions).</summary>
    public IReadOnlyList<Dictionary<string, string?>> AttributeSets(string instrument, params (string Key, string Value)[] where) =>
        [.. Points(instrument, where).Select(Attributes)];

    public static Dictionary<string, string?> Attributes(MetricPoint point)
    {
        var result = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var tag in point.Tags)
        {
            result[tag.Key] = tag.Value?.ToString();
        }

        return result;
    }

    /// <summary>Polls until <paramref name="condition"/> holds (deliveries run on the queue listener), or fails.</summary>
    public static async Task EventuallyAsync(Func<bool> condition, string what, int seconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "Timed out waiting for " + what);
            await Task.Delay(50);
        }
    }

    private List<MetricPoint> Points(string instrument, (string Key, string Value)[] where)
    {
        if (!Metrics().TryGetValue(instrument, out var metric))
        {
            return [];
        }

        return [.. metric.MetricPoints.Where(p =>
        {
            var attributes = Attributes(p);
            return where.All(w => attributes.TryGetValue(w.Key, out var v) && v == w.Value);
        })];
    }

    /// <summary>The exporters add from their own threads while a test reads.</summary>
    private sealed class LockedList<T> : ICollection<T>
    {
        private readonly List<T> _items = [];

        public int Count
        {
            get
            {
                lock (_items)
                {
                    return _items.Count;
                }
            }
        }

        public bool IsReadOnly => false;

        public List<T> Snapshot()
        {
            lock (_items)
            {
                return [.. _items];
            }
        }

        public void Add(T item)
        {
            lock (_items)
            {
                _items.Add(item);
            }
        }

        public void Clear()
        {
            lock (_items)
            {
                _items.Clear();
            }
        }

        public bool Contains(T item) => Snapshot().Contains(item);

        public void CopyTo(T[] array, int arrayIndex) => Snapshot().CopyTo(array, arrayIndex);

        public bool Remove(T item)
        {
            lock (_items)
            {
                return _items.Remove(item);
            }
        }

        public IEnumerator<T> GetEnumerator() => Snapshot().GetEnumerator();

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
