namespace SmsOtp.Tests.Faults;

/// <summary>
/// The local server's queue lease (soak finding 4): short, so a crashed instance's messages come back soon, and
/// renewed while a delivery runs, so a provider slower than the lease does not hand the message to a second attempt.
/// </summary>
public sealed class LeaseRenewalTests
{
    [Fact]
    public async Task A_delivery_slower_than_its_lease_is_received_once_and_deleted()
    {
        using var provider = WireMockServer.Start();
        provider.Given(Request.Create().WithPath("/sms").UsingPost())
            .RespondWith(Response.Create().WithStatusCode(202).WithBody("{}").WithDelay(TimeSpan.FromSeconds(10)));
        await using var service = await FaultyService.StartAsync(provider, new Dictionary<string, string?>
        {
            ["SmsOtp:Providers:0:TimeoutSeconds"] = "20",
        }, b => b.Services.AddSingleton(new QueueHostSettings(5, TimeSpan.Zero, TimeSpan.FromMilliseconds(200), 4)
        {
            // Renewed every 1.3 s: a margin of two renewals for a loaded machine's late timers.
            ProcessingLease = TimeSpan.FromSeconds(4),
        }));
        await service.CreateUserAsync("slow", "+94773020001");
        var challenge = await service.SendAsync("slow");

        await FaultyService.WaitUntilAsync(() => service.CodesAcceptedFor("94773020001").Count > 0, TimeSpan.FromSeconds(40), "the slow delivery");
        await Task.Delay(TimeSpan.FromSeconds(5)); // a lapsed lease would have shown the message again by now

        var logs = string.Join("\n", service.Server.Logs.GetSnapshot().Select(l => l.Message));
        Assert.Single(provider.LogEntries);
        Assert.DoesNotContain("already-claimed", logs, StringComparison.Ordinal);
        Assert.DoesNotContain("Queue operation failed", logs, StringComparison.Ordinal);
        var queue = new Azure.Storage.Queues.QueueClient(service.Proxy.ConnectionString, service.Queue);
        Assert.Equal(0, (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount);
        Assert.Equal("verified", await service.VerifyAsync(challenge, service.CodesSentTo("94773020001").Single()));
    }
}
