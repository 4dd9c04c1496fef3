using System.Diagnostics;
using System.Net.Sockets;
using Azure;

namespace SmsOtp.Tests.Faults;

/// <summary>
/// The storage fault proxy, driven with the real Azure SDK clients (one retry, short delays, so a fault
/// surfaces at once) against the shared Azurite. The local server behind it: <see cref="LocalServerBehindProxyTests"/>.
/// </summary>
public sealed class StorageFaultProxyTests
{
    [Fact]
    public async Task Pass_forwards_every_service_to_the_target()
    {
        await using var proxy = await StorageFaultProxy.StartOnSharedAzuriteAsync();
        var (tableName, queueName) = TestNames.Next();
        var table = Tables(proxy).GetTableClient(tableName);
        await table.CreateAsync();
        await table.AddEntityAsync(new TableEntity("p", "r") { ["v"] = 7 });
        var queue = Queues(proxy).GetQueueClient(queueName);
        await queue.CreateAsync();
        await queue.SendMessageAsync("hello");
        using var http = new HttpClient();
        // Any HTTP answer (Azurite wants a signature) proves the blob leg forwards.
        using var blob = await http.GetAsync(new Uri(proxy.EndpointOf(StorageService.Blob) + "?comp=list"));

        Assert.Equal(7, (await table.GetEntityAsync<TableEntity>("p", "r")).Value.GetInt32("v"));
        Assert.Equal("hello", (await queue.ReceiveMessageAsync()).Value.MessageText);
        // It is the target's storage, not a copy: read directly from Azurite.
        var direct = new TableServiceClient(await SharedAzurite.ConnectionStringAsync()).GetTableClient(tableName);
        Assert.Equal(7, (await direct.GetEntityAsync<TableEntity>("p", "r")).Value.GetInt32("v"));
        foreach (var service in Enum.GetValues<StorageService>())
        {
            var traffic = proxy.Traffic(service);
            Assert.True(traffic.Accepted > 0 && traffic.BytesToStorage > 0 && traffic.BytesFromStorage > 0, $"{service}: {traffic}");
        }

        Assert.Empty(proxy.Changes);
    }

    [Fact]
    public async Task Refuse_fails_with_connection_refused_also_on_a_pooled_connection_and_Pass_listens_again()
    {
        await using var proxy = await StorageFaultProxy.StartOnSharedAzuriteAsync();
        var table = await NewTableAsync(proxy); // Leaves a keep-alive connection in the pool.

        proxy.SetFault(StorageFault.Refuse);
        var refused = await Assert.ThrowsAnyAsync<Exception>(() => table.GetEntityIfExistsAsync<TableEntity>("p", "r"));
        Assert.Contains(Chain(refused), e => e is SocketException { SocketErrorCode: SocketError.ConnectionRefused });
        Assert.Equal(0, proxy.Traffic(StorageService.Table).Open);

        proxy.SetFault(StorageFault.Pass);
        Assert.True((await table.GetEntityIfExistsAsync<TableEntity>("p", "r")).HasValue);
        var tableChanges = proxy.Changes.Where(c => c.Service == StorageService.Table).ToArray();
        Assert.Equal([(StorageFault.Pass, StorageFault.Refuse), (StorageFault.Refuse, StorageFault.Pass)], tableChanges.Select(c => (c.Previous, c.Current)));
        Assert.Equal(6, proxy.Changes.Count); // Every service, both switches.
    }

    [Fact]
    public async Task A_fault_scoped_to_the_table_service_leaves_the_queue_working()
    {
        await using var proxy = await StorageFaultProxy.StartOnSharedAzuriteAsync();
        var table = await NewTableAsync(proxy);
        var queue = Queues(proxy).GetQueueClient(TestNames.Next().Queue);

        proxy.SetFault(StorageFault.Refuse, StorageService.Table);

        Assert.Equal(StorageFault.Pass, proxy.FaultOf(StorageService.Queue));
        await queue.CreateAsync();
        await queue.SendMessageAsync("still here");
        var refused = await Assert.ThrowsAnyAsync<Exception>(() => table.GetEntityIfExistsAsync<TableEntity>("p", "r"));
        Assert.Contains(Chain(refused), e => e is SocketException { SocketErrorCode: SocketError.ConnectionRefused });
    }

    [Fact]
    public async Task Reset_accepts_then_resets_new_and_pooled_connections()
    {
        await using var proxy = await StorageFaultProxy.StartOnSharedAzuriteAsync();
        var table = await NewTableAsync(proxy);
        var before = proxy.Traffic(StorageService.Table);

        proxy.SetFault(StorageFault.Reset);
        var reset = await Assert.ThrowsAnyAsync<Exception>(() => table.GetEntityIfExistsAsync<TableEntity>("p", "r"));

        // Connected (unlike Refuse), then cut: an I/O failure, not a refusal, and no answer. A reset that lands right
        // after the connect escapes the SDK as a bare SocketException (ENOTCONN), wrapped in nothing.
        Assert.Contains(Chain(reset), e => e is HttpRequestException or IOException or SocketException);
        Assert.DoesNotContain(Chain(reset), e => e is SocketException { SocketErrorCode: SocketError.ConnectionRefused });
        var after = proxy.Traffic(StorageService.Table);
        Assert.True(after.Accepted > before.Accepted, $"{before} -> {after}");
        Assert.True(after.Resets > before.Resets, $"{before} -> {after}");
        Assert.Equal(before.BytesFromStorage, after.BytesFromStorage);

        proxy.SetFault(StorageFault.Pass);
        Assert.True((await table.GetEntityIfExistsAsync<TableEntity>("p", "r")).HasValue);
    }

    [Fact]
    public async Task Delay_holds_each_chunk_in_both_directions()
    {
        await using var proxy = await StorageFaultProxy.StartOnSharedAzuriteAsync();
        var table = await NewTableAsync(proxy);
        var latency = TimeSpan.FromMilliseconds(400);

        proxy.SetFault(StorageFault.Delay(latency), StorageService.Table);
        var clock = Stopwatch.StartNew();
        var entity = await table.GetEntityIfExistsAsync<TableEntity>("p", "r");
        clock.Stop();

        Assert.True(entity.HasValue);
        // Lower bound only: the request and the answer were each held once (timer slack allowed).
        Assert.True(clock.Elapsed >= 2 * latency - TimeSpan.FromMilliseconds(30), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task Hang_freezes_a_pooled_connection_until_the_caller_gives_up_and_Pass_serves_new_connections()
    {
        await using var proxy = await StorageFaultProxy.StartOnSharedAzuriteAsync();
        var table = await NewTableAsync(proxy);
        var answered = proxy.Traffic(StorageService.Table).BytesFromStorage;

        proxy.SetFault(StorageFault.Hang);
        using (var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(2)))
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(
                () => table.GetEntityIfExistsAsync<TableEntity>("p", "r", cancellationToken: deadline.Token));
        }

        Assert.Equal(answered, proxy.Traffic(StorageService.Table).BytesFromStorage);

        proxy.SetFault(StorageFault.Pass);
        Assert.True((await table.GetEntityIfExistsAsync<TableEntity>("p", "r")).HasValue);
    }

    [Fact]
    public async Task Hang_freezes_a_new_connection_and_a_held_request_is_forwarded_when_the_storage_thaws()
    {
        await using var proxy = await StorageFaultProxy.StartOnSharedAzuriteAsync();
        var queue = Queues(proxy).GetQueueClient(TestNames.Next().Queue);

        proxy.SetFault(StorageFault.Hang, StorageService.Queue);
        var create = queue.CreateAsync();
        await WaitUntilAsync(() => proxy.Traffic(StorageService.Queue).Held > 0);

        Assert.False(create.IsCompleted);
        Assert.Equal(0, proxy.Traffic(StorageService.Queue).BytesToStorage); // Accepted and read, nothing forwarded.
        proxy.SetFault(StorageFault.Pass, StorageService.Queue);
        await create;
        Assert.True(await queue.ExistsAsync());
    }

    [Fact]
    public async Task Retarget_to_a_fresh_Azurite_looks_like_storage_restarted_empty_and_back_again()
    {
        await using var proxy = await StorageFaultProxy.StartOnSharedAzuriteAsync();
        var table = await NewTableAsync(proxy);
        var queue = Queues(proxy).GetQueueClient(TestNames.Next().Queue);
        await queue.CreateAsync();

        await proxy.RetargetToFreshAzuriteAsync();

        var noTable = await Assert.ThrowsAsync<RequestFailedException>(() => table.GetEntityAsync<TableEntity>("p", "r"));
        Assert.Equal("TableNotFound", noTable.ErrorCode);
        var noQueue = await Assert.ThrowsAsync<RequestFailedException>(() => queue.SendMessageAsync("lost"));
        Assert.Equal("QueueNotFound", noQueue.ErrorCode);

        await proxy.RetargetAsync(await SharedAzurite.ConnectionStringAsync());
        Assert.True((await table.GetEntityIfExistsAsync<TableEntity>("p", "r")).HasValue);
        Assert.Equal(2, proxy.Retargets);
    }

    [Fact]
    public async Task Dispose_closes_the_listeners_and_every_open_connection_even_a_frozen_one()
    {
        var proxy = await StorageFaultProxy.StartOnSharedAzuriteAsync();
        var table = await NewTableAsync(proxy);
        proxy.SetFault(StorageFault.Hang);
        var frozen = table.GetEntityIfExistsAsync<TableEntity>("p", "r");
        await WaitUntilAsync(() => proxy.Traffic(StorageService.Table).Held > 0);

        await proxy.DisposeAsync();

        Assert.Equal(0, proxy.TotalTraffic.Open);
        Assert.Equal(0, proxy.TotalTraffic.Held);
        await Assert.ThrowsAnyAsync<Exception>(() => frozen);
        foreach (var service in Enum.GetValues<StorageService>())
        {
            using var probe = new Socket(SocketType.Stream, ProtocolType.Tcp);
            var refused = await Assert.ThrowsAsync<SocketException>(async () => await probe.ConnectAsync(IPAddress.Loopback, proxy.EndpointOf(service).Port));
            Assert.Equal(SocketError.ConnectionRefused, refused.SocketErrorCode);
        }
    }

    [Fact]
    public async Task Switching_faults_at_random_under_parallel_load_leaves_a_working_proxy()
    {
        await using var proxy = await StorageFaultProxy.StartOnSharedAzuriteAsync();
        var table = await NewTableAsync(proxy);
        var faults = new[] { StorageFault.Pass, StorageFault.Refuse, StorageFault.Reset, StorageFault.Hang, StorageFault.Delay(TimeSpan.FromMilliseconds(20)) };
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        var load = Enumerable.Range(0, 8).Select(i => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                using var call = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
                try
                {
                    await table.UpsertEntityAsync(new TableEntity("p", "load" + i), cancellationToken: call.Token);
                }
                catch (Exception)
                {
                    // Expected while a fault is on, in every shape (even a bare SocketException).
                }
            }
        })).ToArray();
        var random = new Random(12);
        while (!stop.IsCancellationRequested)
        {
            proxy.SetFault(faults[random.Next(faults.Length)]);
            await Task.Delay(random.Next(5, 100));
        }

        await Task.WhenAll(load);
        proxy.SetFault(StorageFault.Pass);

        await Task.WhenAll(Enumerable.Range(0, 8).Select(i => table.UpsertEntityAsync(new TableEntity("p", "after" + i))));
        Assert.True(proxy.Changes.Count > 10);
        Assert.Equal(0, proxy.TotalTraffic.Held);
    }

    private static TableServiceClient Tables(StorageFaultProxy proxy)
    {
        var options = new TableClientOptions();
        Fast(options.Retry);
        return new TableServiceClient(proxy.ConnectionString, options);
    }

    private static QueueServiceClient Queues(StorageFaultProxy proxy)
    {
        var options = new QueueClientOptions();
        Fast(options.Retry);
        return new QueueServiceClient(proxy.ConnectionString, options);
    }

    private static void Fast(Azure.Core.RetryOptions retry)
    {
        retry.MaxRetries = 1;
        retry.Delay = TimeSpan.FromMilliseconds(20);
        retry.MaxDelay = TimeSpan.FromMilliseconds(50);
        retry.NetworkTimeout = TimeSpan.FromSeconds(20);
    }

    /// <summary>A new table holding entity p/r, created through the proxy in Pass.</summary>
    private static async Task<TableClient> NewTableAsync(StorageFaultProxy proxy)
    {
        var table = Tables(proxy).GetTableClient(TestNames.Next().Table);
        await table.CreateAsync();
        await table.AddEntityAsync(new TableEntity("p", "r"));
        return table;
    }

    /// <summary>The exception and everything it wraps (the SDK's retry policy throws an AggregateException).</summary>
    private static IEnumerable<Exception> Chain(Exception e)
    {
        yield return e;
        var inner = e is AggregateException aggregate ? aggregate.InnerExceptions : (IEnumerable<Exception>)(e.InnerException is { } one ? [one] : []);
        foreach (var child in inner.SelectMany(Chain))
        {
            yield return child;
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not met within 10 s");
            await Task.Delay(20);
        }
    }
}
