using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using SmsOtp.LocalServer;

namespace SmsOtp.Testing;

/// <summary>
/// A TCP proxy in front of Azurite that injects storage faults: one loopback listener per service (blob,
/// queue, table) on free ports, forwarding byte streams to the target. Give the service under test
/// <see cref="ConnectionString"/> (e.g. as <c>AzureWebJobsStorage</c>), then switch faults from the test
/// with <see cref="SetFault"/> at any time; a switch reaches open (pooled keep-alive) connections too.
/// <see cref="RetargetAsync"/> points it at another Azurite ("storage restarted empty"). Only bytes are
/// counted; nothing of a payload is logged. Each test should use its own proxy (they share nothing).
/// </summary>
public sealed partial class StorageFaultProxy : IAsyncDisposable
{
    private readonly object _sync = new();
    private readonly Dictionary<StorageService, ServiceProxy> _services = [];
    private readonly List<StorageFaultChange> _changes = [];
    private readonly List<AzuriteProcess> _owned = [];
    private readonly StorageTarget _account;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private StorageTarget _target;
    private int _retargets;
    private int _disposed;

    private StorageFaultProxy(StorageTarget target, StorageFaultProxyOptions options)
    {
        _account = target;
        _target = target;
        _time = options.TimeProvider;
        _logger = options.Logger;
        try
        {
            foreach (var service in Enum.GetValues<StorageService>())
            {
                _services[service] = new ServiceProxy(service, target.EndPointOf(service), _time, _logger);
            }
        }
        catch
        {
            foreach (var proxy in _services.Values)
            {
                proxy.DisposeAsync().AsTask().GetAwaiter().GetResult();
            }

            throw;
        }

        ConnectionString = target.ConnectionStringVia(s => _services[s].Port);
    }

    /// <summary>The target's account with the proxy's endpoints: what the service under test uses.</summary>
    public string ConnectionString { get; }

    /// <summary>Fault switches of every service, oldest first.</summary>
    public IReadOnlyList<StorageFaultChange> Changes
    {
        get
        {
            lock (_sync)
            {
                return [.. _changes];
            }
        }
    }

    /// <summary>How many times the proxy was pointed at another storage.</summary>
    public int Retargets => Volatile.Read(ref _retargets);

    /// <summary>The sum of every service's counters.</summary>
    public StorageTraffic TotalTraffic => _services.Values.Select(s => s.Traffic).Aggregate((a, b) => a + b);

    /// <summary>Raised on the switching thread after each fault switch (after it took effect).</summary>
    public event EventHandler<StorageFaultChange>? FaultChanged;

    /// <summary>A proxy in front of the storage of <paramref name="targetConnectionString"/> (an Azurite connection string), in <see cref="StorageFault.Pass"/>.</summary>
    public static StorageFaultProxy Start(string targetConnectionString, StorageFaultProxyOptions? options = null) =>
        new(StorageTarget.Parse(targetConnectionString), options ?? new StorageFaultProxyOptions());

    /// <summary>A proxy in front of the test run's <see cref="SharedAzurite"/>.</summary>
    public static async Task<StorageFaultProxy> StartOnSharedAzuriteAsync(StorageFaultProxyOptions? options = null) =>
        Start(await SharedAzurite.ConnectionStringAsync().ConfigureAwait(false), options);

    /// <summary>A proxy in front of a new in-memory Azurite of its own, stopped with the proxy.</summary>
    public static async Task<StorageFaultProxy> StartOnFreshAzuriteAsync(StorageFaultProxyOptions? options = null, CancellationToken cancellationToken = default)
    {
        var azurite = await AzuriteProcess.StartAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var proxy = Start(azurite.ConnectionString, options);
            proxy._owned.Add(azurite);
            return proxy;
        }
        catch
        {
            await azurite.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>The proxy's endpoint for <paramref name="service"/> (e.g. <c>http://127.0.0.1:port/devstoreaccount1</c>).</summary>
    public Uri EndpointOf(StorageService service) =>
        new UriBuilder(Uri.UriSchemeHttp, "127.0.0.1", _services[service].Port, _account.Endpoints[service].AbsolutePath).Uri;

    public StorageFault FaultOf(StorageService service) => _services[service].State.Fault;

    public StorageTraffic Traffic(StorageService service) => _services[service].Traffic;

    /// <summary>
    /// Switches <paramref name="services"/> (every service when none is given) to <paramref name="fault"/>, at once,
    /// for new and open connections. Switching to the current fault does nothing (and records nothing).
    /// </summary>
    /// <exception cref="InvalidOperationException">Leaving Refuse, the port could not be listened on again.</exception>
    public void SetFault(StorageFault fault, params ReadOnlySpan<StorageService> services)
    {
        ArgumentNullException.ThrowIfNull(fault);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        var targets = services.IsEmpty ? Enum.GetValues<StorageService>() : services.ToArray();
        foreach (var service in targets.Distinct())
        {
            var proxy = _services[service];
            var (previous, open) = proxy.SetFault(fault);
            if (previous == fault)
            {
                continue;
            }

            var change = new StorageFaultChange(_time.GetUtcNow(), service, previous, fault, open);
            lock (_sync)
            {
                _changes.Add(change);
            }

            LogFaultChanged(_logger, service, proxy.Port, previous, fault, open);
            FaultChanged?.Invoke(this, change);
        }
    }

    /// <summary>
    /// Points every service at the storage of <paramref name="targetConnectionString"/> (same account, e.g. another
    /// Azurite) and closes the open connections, as a restarted storage would. Faults are kept.
    /// </summary>
    /// <exception cref="ArgumentException">Another account (the service's connection string could not reach it).</exception>
    /// <exception cref="InvalidOperationException">A service of the new target accepts no connection.</exception>
    public async Task RetargetAsync(string targetConnectionString, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        var target = StorageTarget.Parse(targetConnectionString);
        if (!_account.SameAccountAs(target))
        {
            throw new ArgumentException("The new target has another account or endpoint paths; clients holding the proxy's connection string could not use it.", nameof(targetConnectionString));
        }

        // Fail here, clearly, rather than as resets in the test that follows.
        foreach (var service in Enum.GetValues<StorageService>())
        {
            using var probe = new Socket(SocketType.Stream, ProtocolType.Tcp);
            try
            {
                await probe.ConnectAsync(target.EndPointOf(service), cancellationToken).ConfigureAwait(false);
            }
            catch (SocketException e)
            {
                throw new InvalidOperationException($"The new target's {service} endpoint ({target.EndPointOf(service)}) accepts no connection.", e);
            }
        }

        lock (_sync)
        {
            _target = target;
        }

        foreach (var (service, proxy) in _services)
        {
            proxy.Retarget(target.EndPointOf(service));
        }

        Interlocked.Increment(ref _retargets);
        LogRetargeted(_logger, target.EndPointOf(StorageService.Table).Port, target.EndPointOf(StorageService.Queue).Port);
    }

    /// <summary>
    /// Starts a new, empty in-memory Azurite and retargets to it: "storage restarted empty" (no table, no queue).
    /// The proxy owns it (do not dispose it); its <see cref="AzuriteProcess.ConnectionString"/> reaches it directly.
    /// </summary>
    public async Task<AzuriteProcess> RetargetToFreshAzuriteAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        var azurite = await AzuriteProcess.StartAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            lock (_sync)
            {
                _owned.Add(azurite);
            }

            await RetargetAsync(azurite.ConnectionString, cancellationToken).ConfigureAwait(false);
            return azurite;
        }
        catch
        {
            lock (_sync)
            {
                _owned.Remove(azurite);
            }

            await azurite.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Stops listening, closes every connection, waits for every pump, then stops the Azurites it started.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        foreach (var proxy in _services.Values)
        {
            await proxy.DisposeAsync().ConfigureAwait(false);
        }

        AzuriteProcess[] owned;
        lock (_sync)
        {
            owned = [.. _owned];
            _owned.Clear();
        }

        foreach (var azurite in owned)
        {
            await azurite.DisposeAsync().ConfigureAwait(false);
        }
    }

    public override string ToString()
    {
        StorageTarget target;
        lock (_sync)
        {
            target = _target;
        }

        return string.Join(", ", _services.Select(s => $"{s.Key} :{s.Value.Port} -> :{target.EndPointOf(s.Key).Port} {s.Value.State.Fault}"));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Storage fault proxy: {Service} (port {Port}) {Previous} -> {Current}, {Open} connections open")]
    private static partial void LogFaultChanged(ILogger logger, StorageService service, int port, StorageFault previous, StorageFault current, int open);

    [LoggerMessage(Level = LogLevel.Information, Message = "Storage fault proxy: retargeted to table port {TablePort}, queue port {QueuePort}; open connections closed")]
    private static partial void LogRetargeted(ILogger logger, int tablePort, int queuePort);
}
