using System.Net.Sockets;
using System.Threading.Channels;

namespace SmsOtp.Testing;

/// <summary>
/// One client connection and its storage leg. The client side is read all the time (so a client that gives
/// up is noticed even while its request is frozen); every chunk, and the storage closing, passes the
/// service's fault gate before it is forwarded. The storage leg is opened when the first chunk passes,
/// so a connection accepted under Hang never reaches the storage.
/// </summary>
internal sealed class ProxiedConnection
{
    private const int ChunkSize = 16 * 1024;
    private readonly ServiceProxy _owner;
    private readonly Socket _client;
    // Never disposed: Abort may cancel it from another thread at any time, and it holds no timer.
    private readonly CancellationTokenSource _aborted = new();
    private readonly object _sync = new();
    private Socket? _storage;
    private Task _fromStorage = Task.CompletedTask;
    private int _abortedFlag;

    public ProxiedConnection(ServiceProxy owner, Socket client)
    {
        _owner = owner;
        _client = client;
        _client.NoDelay = true;
    }

    public Task Completion { get; private set; } = Task.CompletedTask;

    /// <summary>Starts the pumps on the thread pool (never on a test framework's synchronization context).</summary>
    public void Start() => Completion = Task.Run(RunAsync);

    /// <summary>Closes both legs, once: a FIN, or with <paramref name="reset"/> an RST to the client (linger 0).</summary>
    public void Abort(bool reset)
    {
        if (Interlocked.Exchange(ref _abortedFlag, 1) != 0)
        {
            return;
        }

        if (reset)
        {
            _owner.CountReset();
        }

        Socket? storage;
        lock (_sync)
        {
            storage = _storage;
        }

        // Sockets first, so whatever the cancellation below resumes inline finds them closed.
        Close(_client, reset);
        if (storage is not null)
        {
            Close(storage, reset: false);
        }

        try
        {
            _aborted.Cancel();
        }
        catch (AggregateException)
        {
            // A registration threw; the sockets are closed regardless.
        }
    }

    public static void Close(Socket socket, bool reset)
    {
        try
        {
            if (reset)
            {
                socket.LingerState = new LingerOption(true, 0);
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
        }

        socket.Dispose();
    }

    private async Task RunAsync()
    {
        var chunks = Channel.CreateBounded<byte[]>(new BoundedChannelOptions(8) { SingleReader = true, SingleWriter = true });
        try
        {
            await Task.WhenAll(ReadClientAsync(chunks.Writer), ForwardToStorageAsync(chunks.Reader)).ConfigureAwait(false);
            await _fromStorage.ConfigureAwait(false);
        }
        catch (Exception e)
        {
            // Completion never faults: nothing may surface as an unobserved task exception.
            _owner.Unexpected(e);
        }
        finally
        {
            Abort(reset: false);
            _owner.Forget(this);
        }
    }

    private async Task ReadClientAsync(ChannelWriter<byte[]> chunks)
    {
        var token = _aborted.Token;
        var buffer = new byte[ChunkSize];
        try
        {
            while (true)
            {
                var read = await _client.ReceiveAsync(buffer, SocketFlags.None, token).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                await chunks.WriteAsync(buffer.AsSpan(0, read).ToArray(), token).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (IsConnectionEnd(e))
        {
        }
        finally
        {
            chunks.TryComplete();
            // The client closing is not a storage fault: it is honoured at once, dropping anything held for it
            // (so a request abandoned during Hang never reaches the storage later). No half-close (HTTP needs none).
            Abort(reset: false);
        }
    }

    private async Task ForwardToStorageAsync(ChannelReader<byte[]> chunks)
    {
        var token = _aborted.Token;
        try
        {
            await foreach (var chunk in chunks.ReadAllAsync(token).ConfigureAwait(false))
            {
                if (!await PassGateAsync(token).ConfigureAwait(false))
                {
                    return;
                }

                var storage = _storage ?? await ConnectAsync(token).ConfigureAwait(false);
                if (storage is null)
                {
                    return;
                }

                await SendAllAsync(storage, chunk, token).ConfigureAwait(false);
                _owner.CountToStorage(chunk.Length);
            }
        }
        catch (Exception e) when (IsConnectionEnd(e))
        {
            Abort(reset: true);
        }
    }

    private async Task<Socket?> ConnectAsync(CancellationToken token)
    {
        var storage = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await storage.ConnectAsync(_owner.Target, token).ConfigureAwait(false);
        }
        catch (Exception e) when (IsConnectionEnd(e))
        {
            // The target is down (e.g. killed): the client sees its connection reset.
            storage.Dispose();
            Abort(reset: true);
            return null;
        }

        lock (_sync)
        {
            if (Volatile.Read(ref _abortedFlag) != 0)
            {
                storage.Dispose();
                return null;
            }

            _storage = storage;
        }

        _fromStorage = ForwardFromStorageAsync(storage, token);
        return storage;
    }

    private async Task ForwardFromStorageAsync(Socket storage, CancellationToken token)
    {
        var buffer = new byte[ChunkSize];
        try
        {
            while (true)
            {
                int read;
                try
                {
                    read = await storage.ReceiveAsync(buffer, SocketFlags.None, token).ConfigureAwait(false);
                }
                catch (SocketException)
                {
                    read = -1; // The storage reset the connection.
                }

                // The storage's answer, and its closing, are storage behaviour: both wait at the gate.
                if (!await PassGateAsync(token).ConfigureAwait(false))
                {
                    return;
                }

                if (read <= 0)
                {
                    if (read == 0)
                    {
                        try
                        {
                            _client.Shutdown(SocketShutdown.Send); // FIN after what was forwarded.
                        }
                        catch (Exception e) when (IsConnectionEnd(e))
                        {
                        }
                    }

                    Abort(reset: read < 0);
                    return;
                }

                await SendAllAsync(_client, buffer.AsMemory(0, read), token).ConfigureAwait(false);
                _owner.CountFromStorage(read);
            }
        }
        catch (Exception e) when (IsConnectionEnd(e))
        {
            Abort(reset: true);
        }
    }

    /// <summary>Waits as the current fault says; false when the fault closed the connection.</summary>
    private async Task<bool> PassGateAsync(CancellationToken token)
    {
        var delayed = false;
        while (true)
        {
            token.ThrowIfCancellationRequested();
            var state = _owner.State;
            switch (state.Fault.Kind)
            {
                case StorageFaultKind.Pass:
                    return true;
                case StorageFaultKind.Delay when delayed:
                    return true;
                case StorageFaultKind.Delay:
                    // A switch during the delay ends it early and the new fault decides (Pass forwards at once).
                    using (var delay = CancellationTokenSource.CreateLinkedTokenSource(token))
                    {
                        var elapsed = Task.Delay(state.Fault.Latency, _owner.Time, delay.Token);
                        if (await Task.WhenAny(elapsed, state.Changed.Task).ConfigureAwait(false) == elapsed)
                        {
                            await elapsed.ConfigureAwait(false); // Throws if the connection was aborted.
                            delayed = true;
                        }
                        else
                        {
                            await delay.CancelAsync().ConfigureAwait(false);
                        }
                    }

                    break;
                case StorageFaultKind.Hang:
                    _owner.CountHeld(1);
                    try
                    {
                        await state.Changed.Task.WaitAsync(token).ConfigureAwait(false);
                    }
                    finally
                    {
                        _owner.CountHeld(-1);
                    }

                    break;
                case StorageFaultKind.Refuse:
                    Abort(reset: false);
                    return false;
                default:
                    Abort(reset: true);
                    return false;
            }
        }
    }

    private static async Task SendAllAsync(Socket socket, ReadOnlyMemory<byte> data, CancellationToken token)
    {
        while (!data.IsEmpty)
        {
            var sent = await socket.SendAsync(data, SocketFlags.None, token).ConfigureAwait(false);
            data = data[sent..];
        }
    }

    private static bool IsConnectionEnd(Exception e) =>
        e is SocketException or ObjectDisposedException or OperationCanceledException or ChannelClosedException or IOException;
}
