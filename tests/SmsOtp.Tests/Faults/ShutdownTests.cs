namespace SmsOtp.Tests.Faults;

/// <summary>A server stopped (SIGTERM) with a backlog loses no code and sends none twice (issue 12).</summary>
public sealed class ShutdownTests
{
    [Fact]
    public async Task A_backlog_stopped_with_SIGTERM_is_delivered_exactly_once_after_the_restart()
    {
        using var provider = WireMockServer.Start();
        provider.Given(Request.Create().WithPath("/sms").UsingPost())
            .RespondWith(Response.Create().WithStatusCode(202).WithBody("{}").WithDelay(TimeSpan.FromMilliseconds(700)));
        await using var proxy = await StorageFaultProxy.StartOnSharedAzuriteAsync();
        var names = TestNames.Next();

        // A small window of deliveries in flight (batch 2, so 3 at once), so most of the backlog waits in the queue.
        void Narrow(Microsoft.AspNetCore.Builder.WebApplicationBuilder b) =>
            b.Services.AddSingleton(new QueueHostSettings(5, TimeSpan.FromSeconds(5), TimeSpan.FromMilliseconds(200), 2));

        const int codes = 20;
        var first = await FaultyService.StartAsync(provider, null, Narrow, proxy, names);
        var challenges = new List<string>();
        for (var i = 0; i < codes; i++)
        {
            await first.CreateUserAsync("b" + i, $"+9477302{i:D4}");
        }

        for (var i = 0; i < codes; i++)
        {
            challenges.Add(await first.SendAsync("b" + i));
        }

        await FaultyService.WaitUntilAsync(() => provider.LogEntries.Count() >= 2, TimeSpan.FromSeconds(20), "the first deliveries");

        // SIGTERM: the host stops its services (the listener drains), as on Ctrl-C or a platform restart.
        await first.Server.DisposeAsync();
        var deliveredBeforeRestart = provider.LogEntries.Count();
        Assert.True(deliveredBeforeRestart < codes, "the backlog was gone before the stop");

        await using var second = await FaultyService.StartAsync(provider, null, Narrow, proxy, names);
        await FaultyService.WaitUntilAsync(() => Enumerable.Range(0, codes).All(i => second.CodesSentTo($"9477302{i:D4}").Count > 0),
            TimeSpan.FromSeconds(60), "the whole backlog after the restart");
        await Task.Delay(TimeSpan.FromSeconds(2)); // nothing more comes
        for (var i = 0; i < codes; i++)
        {
            var sent = second.CodesSentTo($"9477302{i:D4}");
            Assert.Single(sent); // exactly once
            Assert.Equal("verified", await second.VerifyAsync(challenges[i], sent[0]));
        }
    }

    [Fact]
    public async Task A_delivery_cancelled_before_its_claim_throws_and_leaves_the_code_to_the_next_attempt()
    {
        await using var h = await ServiceHarness.CreateAsync();
        var user = new UserKey("acme", "cancel");
        await h.CreateUserAsync(user);
        await h.Otp.SendAsync(user, CancellationToken.None);
        var message = Assert.Single(await h.ReceiveAsync());

        using var stopping = new CancellationTokenSource();
        await stopping.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => h.Delivery.HandleAsync(message.MessageText, 1, stopping.Token));
        Assert.Empty(h.Sender.Sent);
        var record = await h.Services.GetRequiredService<IUserStore>().GetAsync(user.PartitionKey, CancellationToken.None);
        Assert.Null(record!.DeliveryState); // no claim taken: the next attempt sends it

        await h.Delivery.HandleAsync(message.MessageText, 2, CancellationToken.None);
        Assert.Single(h.Sender.Sent);
    }
}
