using Microsoft.Extensions.Hosting;

namespace SmsOtp.Core.FraudGuard;

/// <summary>
/// Every <c>FlushSeconds</c> (on the service's <see cref="TimeProvider"/>), and once more when the host stops: writes
/// this instance's changed counts and new suspensions into the shared rows, then reads every instance's counts of
/// the window and the cap's hour and every suspension into <see cref="DestinationGuard"/>. A few storage
/// transactions per interval per instance, however many logins: none is on a request's path.
/// <para>
/// Storage failing: the guard fails open. Decisions go on from this instance's own live counts (complete on a single
/// instance) and the last read of the others' (which age out of the window); a warning is logged once per outage,
/// unwritten counts are written when storage answers again. A request never waits for, or fails with, this sync.
/// </para>
/// </summary>
public sealed partial class FraudGuardSync(
    DestinationGuard guard,
    FraudGuardStore store,
    TenantOptions<FraudGuardOptions> options,
    IConfiguration configuration,
    TimeProvider time,
    ILogger<FraudGuardSync> logger) : BackgroundService
{
    /// <summary>How often old rows are swept from the table (by each instance; sweeps are idempotent).</summary>
    public static readonly TimeSpan SweepInterval = TimeSpan.FromHours(1);

    private const int MaxSweptRows = 1000;

    private readonly SemaphoreSlim _gate = new(1, 1);
    private DateTimeOffset _lastSweep = DateTimeOffset.MinValue;
    private bool _failing;

    /// <summary>One sync now (tests force one; the timer runs the same). Never throws for a storage failure.</summary>
    public async Task SyncAsync(CancellationToken cancellationToken)
    {
        var o = options.Global;
        if (o.IsOff)
        {
            return;
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var now = time.GetUtcNow();
            var dirty = guard.Dirty();
            if (dirty.Count > 0)
            {
                await store.WriteCountsAsync(dirty, guard.InstanceColumn, cancellationToken).ConfigureAwait(false);
                guard.Flushed(dirty);
            }

            foreach (var (prefix, until, repeat) in guard.PendingSuspensions())
            {
                if (await store.WriteSuspensionAsync(prefix, until, repeat, cancellationToken).ConfigureAwait(false) is { } stored)
                {
                    guard.SuspensionStored(prefix, stored.Until, stored.Repeat);
                }
            }

            var others = new Dictionary<CountKey, Count>();
            var (first, last) = DestinationGuard.WindowBuckets(o, now);
            await store.ReadCountsAsync(CountKey.PrefixPartition(o.BucketMinutes, first), CountKey.PrefixPartition(o.BucketMinutes, last),
                guard.InstanceColumn, others, cancellationToken).ConfigureAwait(false);
            if (CapsConfigured(o))
            {
                var current = CountKey.BucketOf(now, CountKey.CapBucketMinutes);
                await store.ReadCountsAsync(CountKey.CapPartition(current - CountKey.CapBuckets + 1), CountKey.CapPartition(current),
                    guard.InstanceColumn, others, cancellationToken).ConfigureAwait(false);
            }

            guard.Refresh(others, await store.ReadSuspensionsAsync(cancellationToken).ConfigureAwait(false), now);
            if (now - _lastSweep >= SweepInterval)
            {
                _lastSweep = now;
                await SweepAsync(o, now, cancellationToken).ConfigureAwait(false);
            }

            if (_failing)
            {
                _failing = false;
                LogRecovered(logger);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            guard.Prune(o, time.GetUtcNow());
            if (!_failing)
            {
                _failing = true;
                LogFailing(logger, e.GetType().Name);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await SyncAsync(stoppingToken).ConfigureAwait(false);
            using var timer = new PeriodicTimer(Period(), time);
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                await SyncAsync(stoppingToken).ConfigureAwait(false);
                timer.Period = Period(); // a reload may change FlushSeconds
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    /// <summary>Stops the timer, then writes what is left, so a scale-in loses no counts.</summary>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        await SyncAsync(cancellationToken).ConfigureAwait(false);
    }

    private TimeSpan Period() => TimeSpan.FromSeconds(options.Global.FlushSeconds);

    /// <summary>Whether any cap is set (globally or for a tenant): only then are the cap's rows read.</summary>
    private bool CapsConfigured(FraudGuardOptions o) =>
        o.MaxSmsPerHour > 0 || configuration.GetSection(Tenants.SectionName).GetChildren()
            .Any(t => int.TryParse(t[$"FraudGuard:{nameof(FraudGuardOptions.MaxSmsPerHour)}"], out var cap) && cap > 0);

    private async Task SweepAsync(FraudGuardOptions o, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var keep = DestinationGuard.RetainedSince(o, now);
        var swept = await store.SweepAsync(CountKey.PrefixPartition(o.BucketMinutes, 0),
            CountKey.PrefixPartition(o.BucketMinutes, CountKey.BucketOf(keep, o.BucketMinutes)), MaxSweptRows, cancellationToken).ConfigureAwait(false);
        swept += await store.SweepAsync(CountKey.CapPartition(0), CountKey.CapPartition(CountKey.BucketOf(keep, CountKey.CapBucketMinutes)),
            MaxSweptRows, cancellationToken).ConfigureAwait(false);
        swept += await store.SweepSuspensionsAsync(now - DestinationGuard.RepeatWithin - SweepInterval, MaxSweptRows, cancellationToken).ConfigureAwait(false);
        if (swept > 0)
        {
            LogSwept(logger, swept);
        }
    }

    [LoggerMessage(EventId = 8102, Level = LogLevel.Warning,
        Message = "Fraud guard: its storage did not answer ({ExceptionType}); deciding from this instance's counts and the last shared ones until it does (fail open)")]
    private static partial void LogFailing(ILogger logger, string exceptionType);

    [LoggerMessage(EventId = 8103, Level = LogLevel.Information, Message = "Fraud guard: storage answers again; shared counts in use")]
    private static partial void LogRecovered(ILogger logger);

    [LoggerMessage(EventId = 8104, Level = LogLevel.Debug, Message = "Fraud guard: {Rows} old rows swept")]
    private static partial void LogSwept(ILogger logger, int rows);
}
