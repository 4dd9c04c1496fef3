using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace SmsOtp.Testing;

/// <summary>
/// The proxy of one storage service: a loopback listener on a fixed port, the current fault, the current
/// target, and the open connections (so a fault switch or a retarget reaches pooled keep-alive ones too).
/// </summary>
internal sealed partial class ServiceProxy : IAsyncDisposable
{
    private readonly ILogger _logger;
    private readonly object _sync = new();
    private readonly ConcurrentDictionary<ProxiedConnection, byte> _connections = new();
    private readonly List<Task> _acceptLoops = [];
    private Socket? _listener;
    private volatile FaultState _state = new(StorageFault.Pass);
    private volatile IPEndPoint _target;
    private bool _disposed;
    private long _accepted;
    private long _held;
    private long _resets;
    private long _bytesToStorage;
    private long _bytesFromStorage;

    public ServiceProxy(StorageService service, IPEndPoint target, TimeProvider time, ILogger logger)
    {
        _logger = logger;
        Service = service;
        _target = target;
        Time = time;
        lock (_sync)
        {
            Listen(port: 0);
        }
    }

    public StorageService Service { get; }
    public int Port { get; private set; }
    public TimeProvider Time { get; }
    public IPEndPoint Target => _target;
    public FaultState State => _state;

    public StorageTraffic Traffic => new(
        Interlocked.Read(ref _accepted), _connections.Count, Interlocked.Read(ref _held), Interlocked.Read(ref _resets),
        Interlocked.Read(ref _bytesToStorage), Interlocked.Read(ref _bytesFromStorage));

    /// <summary>Switches the fault; returns the previous one and how many connections were open.</summary>
    public (StorageFault Previous, int Open) SetFault(StorageFault fault)
    {
        FaultState previous;
        int open;
        lock (_sync)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            previous = _state;
            open = _connections.Count;
            if (previous.Fault == fault)
            {
                return (previous.Fault, open);
            }

            if (fault.Kind == StorageFaultKind.Refuse)
            {
                StopListening();
            }
            else
            {
                Listen(Port);
            }

            _state = new FaultState(fault);
            if (fault.Kind is StorageFaultKind.Refuse or StorageFaultKind.Reset)
            {
                // Under the lock, so a connection accepted concurrently either is in this snapshot or sees the new fault.
                foreach (var connection in _connections.Keys)
                {
                    connection.Abort(reset: fault.Kind == StorageFaultKind.Reset);
                }
            }
        }

        // Wakes every held chunk and running delay, which then obey the new fault.
        previous.Changed.TrySetResult();
        return (previous.Fault, open);
    }

    /// <summary>Points new connections at <paramref name="target"/> and closes the open ones (a restarted storage drops them).</summary>
    public void Retarget(IPEndPoint target)
    {
        lock (_sync)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _target = target;
            foreach (var connection in _connections.Keys)
            {
                connection.Abort(reset: false);
            }
        }
    }

    public void CountHeld(int delta) => Interlocked.Add(ref _held, delta);
    public void CountReset() => Interlocked.Increment(ref _resets);
    public void CountToStorage(int bytes) => Interlocked.Add(ref _bytesToStorage, bytes);
    public void CountFromStorage(int bytes) => Interlocked.Add(ref _bytesFromStorage, bytes);
    public void Forget(ProxiedConnection connection) => _connections.TryRemove(connection, out _);

    /// <summary>A connection failed in a way the proxy does not expect (a bug in it, not a fault it injects).</summary>
    public void Unexpected(Exception e) => LogUnexpected(_logger, Service, e);

    public async ValueTask DisposeAsync()
    {
        Task[] loops;
        lock (_sync)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            StopListening();
            foreach (var connection in _connections.Keys)
            {
                connection.Abort(reset: false);
            }

            loops = [.. _acceptLoops];
        }

        await Task.WhenAll(loops).ConfigureAwait(false);
        // No connection is added once disposed; each ends promptly now that its sockets are closed.
        await Task.WhenAll(_connections.Keys.Select(c => c.Completion)).ConfigureAwait(false);
    }

    private void Listen(int port)
    {
        if (_listener is not null)
        {
            return;
        }

        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            // Re-listening after Refuse takes the same port; connections of the old listener may sit in TIME_WAIT.
            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            BindWithRetry(socket, port);
            socket.Listen(512);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        Port = ((IPEndPoint)socket.LocalEndPoint!).Port;
        _listener = socket;
        _acceptLoops.RemoveAll(t => t.IsCompleted);
        _acceptLoops.Add(Task.Run(() => AcceptLoopAsync(socket)));
    }

    private static void BindWithRetry(Socket socket, int port)
    {
        // While refusing, the port is free: another process could take it. Not seen in practice (the kernel
        // hands out ephemeral ports at random), so a short retry, then a clear error.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                socket.Bind(new IPEndPoint(IPAddress.Loopback, port));
                return;
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.AddressAlreadyInUse && port != 0 && attempt < 20)
            {
                Thread.Sleep(50);
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.AddressAlreadyInUse && port != 0)
            {
                throw new InvalidOperationException($"The fault proxy could not listen again on port {port}: another socket took it while it refused connections.", e);
            }
        }
    }

    private void StopListening()
    {
        // Closing the listener is what makes the kernel refuse; the accept loop ends with it.
        var listener = _listener;
        _listener = null; // First, so the accept loop knows its failure is the stop.
        listener?.Dispose();
    }

    private async Task AcceptLoopAsync(Socket listener)
    {
        while (true)
        {
            Socket client;
            try
            {
                client = await listener.AcceptAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException or InvalidOperationException)
            {
                if (!ReferenceEquals(Volatile.Read(ref _listener), listener))
                {
                    return; // Stopped (Refuse or dispose).
                }

                // Still the listener (e.g. out of file descriptors): keep serving rather than go deaf.
                LogAcceptFailed(_logger, Service, e);
                await Task.Delay(TimeSpan.FromMilliseconds(50), Time).ConfigureAwait(false);
                continue;
            }

            Interlocked.Increment(ref _accepted);
            Admit(client);
        }
    }

    private void Admit(Socket client)
    {
        lock (_sync)
        {
            var kind = _state.Fault.Kind;
            if (_disposed || kind is StorageFaultKind.Refuse or StorageFaultKind.Reset)
            {
                // Reset's accept-then-RST; Refuse only when the accept raced the listener's close.
                if (!_disposed && kind == StorageFaultKind.Reset)
                {
                    CountReset();
                }

                ProxiedConnection.Close(client, reset: !_disposed && kind == StorageFaultKind.Reset);
                return;
            }

            var connection = new ProxiedConnection(this, client);
            _connections[connection] = 0;
            // Started under the lock, so DisposeAsync always awaits its real completion.
            connection.Start();
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Storage fault proxy ({Service}): a connection failed unexpectedly")]
    private static partial void LogUnexpected(ILogger logger, StorageService service, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Storage fault proxy ({Service}): accept failed; retrying")]
    private static partial void LogAcceptFailed(ILogger logger, StorageService service, Exception exception);

    /// <summary>A fault and the signal that it was replaced (completed once, by the switch away from it).</summary>
    internal sealed class FaultState(StorageFault fault)
    {
        public StorageFault Fault { get; } = fault;
        public TaskCompletionSource Changed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
