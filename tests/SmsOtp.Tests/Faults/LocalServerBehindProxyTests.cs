using System.Diagnostics;
using Xunit.Abstractions;

namespace SmsOtp.Tests.Faults;

/// <summary>
/// The real local server with <c>AzureWebJobsStorage</c> set to a <see cref="StorageFaultProxy"/>. A class of its
/// own (it takes ~10 s) so it runs in parallel with <see cref="StorageFaultProxyTests"/>.
/// </summary>
public sealed class LocalServerBehindProxyTests(ITestOutputHelper output)
{
    [Fact]
    public async Task The_local_server_behind_the_proxy_is_healthy_in_Pass_and_not_healthy_under_Refuse()
    {
        await using var proxy = await StorageFaultProxy.StartOnSharedAzuriteAsync();
        var (table, queue) = TestNames.Next();
        await using var server = await LocalServerHost.StartAsync(new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = proxy.ConnectionString,
            ["SmsOtp:Storage:UsersTable"] = table,
            ["SmsOtp:Storage:FraudGuardTable"] = table.Replace("users", "fraudguard", StringComparison.Ordinal), // the fraud guard's shared counts, per test like the users table
            ["SmsOtp:Storage:DeliveryQueue"] = queue,
        });
        using (var healthy = await server.Client.GetAsync("api/health"))
        {
            Assert.Equal(HttpStatusCode.OK, healthy.StatusCode);
        }

        // The server's storage really is behind the proxy.
        Assert.True(proxy.Traffic(StorageService.Table).BytesFromStorage > 0, proxy.Traffic(StorageService.Table).ToString());
        Assert.True(proxy.Traffic(StorageService.Queue).BytesFromStorage > 0, proxy.Traffic(StorageService.Queue).ToString());

        proxy.SetFault(StorageFault.Refuse);
        var clock = Stopwatch.StartNew();
        HttpStatusCode? status = null;
        using (var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
        {
            try
            {
                using var response = await server.Client.GetAsync("api/health", deadline.Token);
                status = response.StatusCode;
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested)
            {
                // No answer within 30 s: not healthy either.
            }
        }

        // Today: 503 after ~10 s (the tables and queue checks each run into their 5 s deadline).
        output.WriteLine($"GET /api/health under Refuse: {status?.ToString() ?? "no answer within 30 s"} after {clock.ElapsedMilliseconds} ms");
        Assert.NotEqual(HttpStatusCode.OK, status);

        proxy.SetFault(StorageFault.Pass); // So the server stops promptly.
    }
}
