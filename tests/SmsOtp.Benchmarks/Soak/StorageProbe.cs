using System.Diagnostics;
using System.Globalization;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using SmsOtp.Testing;

namespace SmsOtp.Benchmarks.Soak;

/// <summary>
/// Tells a stall of the storage itself (or of the machine) from one of the path through the fault proxy: every
/// 250 ms one point read straight from Azurite and one through the proxy (no retries, 10 s timeout), with this
/// process's thread pool, the proxy's open connections and Azurite's CPU. Slow or failed samples go to the log.
/// </summary>
public sealed class StorageProbe(string directConnection, string proxiedConnection, string table, string partitionKey, StorageFaultProxy proxy,
    SoakClock clock, ILogger log)
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan Slow = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private readonly List<Sample> _samples = [];

    public IReadOnlyList<Sample> Samples => _samples;

    public async Task RunAsync(CancellationToken ct)
    {
        var direct = Client(directConnection);
        var proxied = Client(proxiedConnection);
        var cpu = ProcessCpu.Now();
        var cpuAt = Stopwatch.GetTimestamp();
        while (!ct.IsCancellationRequested)
        {
            var at = clock.Elapsed;
            var reads = await Task.WhenAll(ReadAsync(direct), ReadAsync(proxied)).ConfigureAwait(false);
            var now = ProcessCpu.Now();
            var span = Stopwatch.GetElapsedTime(cpuAt).TotalSeconds;
            var azuriteCpu = now.Storage is { } s && cpu.Storage is { } e && span > 0 ? (s - e).TotalSeconds / span : double.NaN;
            var selfCpu = span > 0 ? (now.Self - cpu.Self).TotalSeconds / span : double.NaN;
            (cpu, cpuAt) = (now, Stopwatch.GetTimestamp());
            var open = proxy.Traffic(StorageService.Table).Open + proxy.Traffic(StorageService.Queue).Open;
            var sample = new Sample(at, reads[0], reads[1], ThreadPool.ThreadCount, ThreadPool.PendingWorkItemCount, open, azuriteCpu, selfCpu);
            lock (_samples)
            {
                _samples.Add(sample);
            }

            if (reads.Any(r => r is null || r > Slow))
            {
                log.LogWarning("Probe: {Sample}", sample);
            }

            try
            {
                await Task.Delay(Interval, ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    /// <summary>
    /// True when a direct read (past the proxy) took over a second or failed while, or within <paramref name="before"/>
    /// before, <paramref name="at"/>: the storage itself (or the machine) stalled, with no fault injected.
    /// </summary>
    public bool StalledBefore(TimeSpan at, TimeSpan before)
    {
        lock (_samples)
        {
            // A sample covers its read: from its start to its answer, or to the timeout when it failed.
            return _samples.Any(s => (s.Direct is not { } d || d > TimeSpan.FromSeconds(1))
                && s.At <= at && s.At + (s.Direct ?? Timeout) >= at - before);
        }
    }

    /// <summary>Periods in which a read of <paramref name="pick"/> took over <paramref name="threshold"/> or failed.</summary>
    public IEnumerable<string> Episodes(Func<Sample, TimeSpan?> pick, TimeSpan threshold)
    {
        Sample[] samples;
        lock (_samples)
        {
            samples = [.. _samples];
        }

        var start = (Sample?)null;
        var worst = TimeSpan.Zero;
        var failed = 0;
        Sample? last = null;
        foreach (var s in samples.Append(null))
        {
            var bad = s is not null && (pick(s) is not { } v || v > threshold);
            if (bad)
            {
                start ??= s;
                worst = pick(s!) is { } v2 && v2 > worst ? v2 : worst;
                failed += pick(s!) is null ? 1 : 0;
                last = s;
                continue;
            }

            if (start is not null)
            {
                yield return string.Create(CultureInfo.InvariantCulture,
                    $"t={start.At.TotalSeconds:0.0}-{last!.At.TotalSeconds:0.0} s (worst {worst.TotalMilliseconds:0} ms{(failed > 0 ? $", {failed} failed" : "")})");
                start = null;
                worst = TimeSpan.Zero;
                failed = 0;
            }
        }
    }

    private TableClient Client(string connection)
    {
        var options = new TableClientOptions();
        options.Retry.MaxRetries = 0;
        options.Retry.NetworkTimeout = Timeout;
        return new TableServiceClient(connection, options).GetTableClient(table);
    }

    private async Task<TimeSpan?> ReadAsync(TableClient client)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            await client.GetEntityAsync<TableEntity>(partitionKey, Core.Storage.UserRecord.Row).ConfigureAwait(false);
            return Stopwatch.GetElapsedTime(started);
        }
        catch (Exception e) when (e is RequestFailedException or OperationCanceledException or AggregateException or IOException
                                   or System.Net.Sockets.SocketException or HttpRequestException)
        {
            // A failed read is what the probe measures, however the SDK reports it.
            return null;
        }
    }

    /// <param name="Direct">A read straight from Azurite (null: failed).</param>
    /// <param name="Proxied">A read through the proxy (null: failed; expected during Refuse and Reset).</param>
    /// <param name="AzuriteCpu">Azurite's CPU since the previous sample, in cores.</param>
    /// <param name="SelfCpu">This process's CPU since the previous sample, in cores.</param>
    public sealed record Sample(TimeSpan At, TimeSpan? Direct, TimeSpan? Proxied, int Threads, long PendingWorkItems, long ProxyConnections,
        double AzuriteCpu, double SelfCpu)
    {
        public override string ToString() => string.Create(CultureInfo.InvariantCulture,
            $"direct {Ms(Direct)}, proxied {Ms(Proxied)}, thread pool {Threads} threads / {PendingWorkItems} queued, proxy connections {ProxyConnections}, CPU Azurite {AzuriteCpu:0.00} this process {SelfCpu:0.00}");

        private static string Ms(TimeSpan? t) => t is { } v ? v.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture) + " ms" : "FAILED";
    }
}
