namespace SmsOtp.Tests.Delivery;

/// <summary>
/// At-least-once in, at-most-once out: the real delivery handler on Azurite, with the real provider chain
/// against WireMock (or the capturing sender where only "was a provider called" matters).
/// </summary>
public sealed class DeliveryHandlerTests
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly UserKey Alice = new("acme", "PRIMARY/alice");

    [Fact]
    public async Task The_same_message_handed_over_twice_calls_the_provider_once()
    {
        using var provider = WireMockServer.Start();
        provider.Given(Request.Create().UsingPost()).RespondWith(Response.Create().WithStatusCode(200));
        await using var h = await ServiceHarness.CreateAsync(OneProvider(provider), DeliveryKit.UseProviderChain);
        await h.CreateUserAsync(Alice);
        await h.Otp.SendAsync(Alice, None);
        var message = Assert.Single(await h.ReceiveAsync());

        await h.Delivery.HandleAsync(message.MessageText, 1, None);
        await h.Delivery.HandleAsync(message.MessageText, 2, None); // the queue redelivers (say, the delete was lost)
        await h.Delivery.HandleAsync(message.MessageText, 1, None); // or a duplicate copy arrives as a first attempt

        Assert.Single(provider.LogEntries);
        Assert.Contains("dropped: already-claimed", DeliveryKit.LogText(h.Services), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failed_attempt_releases_the_claim_so_the_redelivery_sends()
    {
        using var provider = WireMockServer.Start();
        provider.Given(Request.Create().UsingPost()).InScenario("s").WillSetStateTo("ok").RespondWith(Response.Create().WithStatusCode(400));
        provider.Given(Request.Create().UsingPost()).InScenario("s").WhenStateIs("ok").RespondWith(Response.Create().WithStatusCode(200));
        await using var h = await ServiceHarness.CreateAsync(OneProvider(provider), DeliveryKit.UseProviderChain);
        await h.CreateUserAsync(Alice);
        var sent = await h.Otp.SendAsync(Alice, None);
        var message = Assert.Single(await h.ReceiveAsync());

        await Assert.ThrowsAsync<DeliveryFailedException>(() => h.Delivery.HandleAsync(message.MessageText, 1, None));
        var record = await h.Services.GetRequiredService<IUserStore>().GetAsync(Alice.PartitionKey, None);
        Assert.Equal(DeliveryStates.Failed, record!.DeliveryState);
        Assert.Equal("open", record.ChallengeState);

        await h.Delivery.HandleAsync(message.MessageText, 2, None);
        await h.Delivery.HandleAsync(message.MessageText, 3, None);

        Assert.Equal(2, provider.LogEntries.Count());
        var verify = await h.Otp.VerifyAsync(sent.Value!.ChallengeId!, "000000", None);
        Assert.NotEqual(OtpStatuses.DeliveryFailed, verify!.Status);
    }

    [Fact]
    public async Task The_last_failed_attempt_marks_the_challenge_undeliverable_and_verify_and_resend_say_so()
    {
        await using var h = await ServiceHarness.CreateAsync();
        h.Sender.Accept = _ => false;
        await h.CreateUserAsync(Alice);
        var sent = await h.Otp.SendAsync(Alice, None);
        var message = Assert.Single(await h.ReceiveAsync());
        var last = h.Services.GetRequiredService<QueueHostSettings>().MaxDequeueCount;

        await Assert.ThrowsAsync<DeliveryFailedException>(() => h.Delivery.HandleAsync(message.MessageText, last - 1, None));
        Assert.NotEqual(OtpStatuses.DeliveryFailed, (await h.Otp.VerifyAsync(sent.Value!.ChallengeId!, "000000", None))!.Status);
        var error = await Assert.ThrowsAsync<DeliveryFailedException>(() => h.Delivery.HandleAsync(message.MessageText, last, None));
        Assert.Contains("undeliverable", error.Message, StringComparison.Ordinal);

        Assert.Equal(OtpStatuses.DeliveryFailed, (await h.Otp.VerifyAsync(sent.Value.ChallengeId!, "000000", None))!.Status);
        h.Time.Advance(TimeSpan.FromMinutes(1));
        var resend = await h.Otp.ResendAsync(sent.Value.ChallengeId, None);
        Assert.Equal(409, resend.Problem!.Status);
        Assert.Equal("delivery_failed", resend.Problem.Code);
    }

    [Fact]
    public async Task An_expired_code_is_dropped_without_calling_a_provider()
    {
        using var provider = WireMockServer.Start();
        provider.Given(Request.Create().UsingPost()).RespondWith(Response.Create().WithStatusCode(200));
        await using var h = await ServiceHarness.CreateAsync(OneProvider(provider), DeliveryKit.UseProviderChain);
        await h.CreateUserAsync(Alice);
        await h.Otp.SendAsync(Alice, None);

        h.Time.Advance(TimeSpan.FromSeconds(301)); // TokenExpirySeconds is 300
        Assert.Equal(1, await h.DeliverAllAsync());

        Assert.Empty(provider.LogEntries);
        Assert.Contains("dropped: expired", DeliveryKit.LogText(h.Services), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_superseded_code_is_dropped_and_only_the_current_one_is_sent()
    {
        await using var h = await ServiceHarness.CreateAsync();
        await h.CreateUserAsync(Alice);
        await h.Otp.SendAsync(Alice, None);
        var old = Assert.Single(await h.ReceiveAsync());
        var second = await h.Otp.SendAsync(Alice, None); // a new send supersedes the first challenge

        await h.Delivery.HandleAsync(old.MessageText, old.DequeueCount, None);
        Assert.Empty(h.Sender.Sent);
        Assert.Contains("dropped: superseded", DeliveryKit.LogText(h.Services), StringComparison.Ordinal);

        Assert.Equal(1, await h.DeliverAllAsync());
        var sms = Assert.Single(h.Sender.Sent);
        Assert.Equal(OtpStatuses.Verified, (await h.Otp.VerifyAsync(second.Value!.ChallengeId!, sms.Code, None))!.Status);
    }

    [Fact]
    public async Task A_resent_code_supersedes_the_earlier_message_of_the_same_challenge()
    {
        await using var h = await ServiceHarness.CreateAsync(new Dictionary<string, string?> { ["SmsOtp:ResendCooldownSeconds"] = "0" });
        await h.CreateUserAsync(Alice);
        var sent = await h.Otp.SendAsync(Alice, None);
        var old = Assert.Single(await h.ReceiveAsync());
        Assert.Null((await h.Otp.ResendAsync(sent.Value!.ChallengeId!, None)).Problem);

        await h.Delivery.HandleAsync(old.MessageText, 1, None);
        Assert.Empty(h.Sender.Sent);
        Assert.Equal(1, await h.DeliverAllAsync());
        Assert.Single(h.Sender.Sent);
    }

    [Fact]
    public async Task The_queued_message_holds_neither_the_code_nor_the_number()
    {
        await using var h = await ServiceHarness.CreateAsync();
        await h.CreateUserAsync(Alice, "+94771234567");
        await h.Otp.SendAsync(Alice, None);
        var code = await DeliveryKit.PeekCodeAsync(h);

        // Straight from Azurite, without the SDK's Base64 decoding; then decoded, to look at the JSON too.
        var raw = new QueueClient(await SharedAzurite.ConnectionStringAsync(), h.Queue);
        var stored = Assert.Single((await raw.PeekMessagesAsync(1)).Value).MessageText;
        var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(stored));
        Assert.StartsWith("{", decoded, StringComparison.Ordinal);
        foreach (var text in new[] { stored, decoded })
        {
            Assert.DoesNotContain(code, text, StringComparison.Ordinal);
            Assert.DoesNotContain("1234567", text, StringComparison.Ordinal);
            Assert.DoesNotContain("94771234567", text, StringComparison.Ordinal);
        }

        // And it still delivers.
        await h.DeliverAllAsync();
        Assert.Equal(code, Assert.Single(h.Sender.Sent).Code);
    }

    [Fact]
    public async Task A_message_sealed_before_a_key_rotation_still_delivers_with_the_previous_key()
    {
        await using var h = await ServiceHarness.CreateAsync();
        var configuration = h.Services.GetRequiredService<IConfiguration>();
        await h.CreateUserAsync(Alice);
        await h.Otp.SendAsync(Alice, None);

        // Rotate: the old key moves to queue-encryption-key-previous, a new key takes its place.
        configuration["SmsOtp:Secrets:queue-encryption-key-previous"] = configuration["SmsOtp:Secrets:queue-encryption-key"];
        configuration["SmsOtp:Secrets:queue-encryption-key"] = Convert.ToBase64String(new byte[32].Select((_, i) => (byte)(i + 7)).ToArray());

        Assert.Equal(1, await h.DeliverAllAsync());
        Assert.Single(h.Sender.Sent);

        // New messages carry the new key's id and deliver too.
        var bob = new UserKey("acme", "bob");
        await h.CreateUserAsync(bob);
        await h.Otp.SendAsync(bob, None);
        Assert.Equal(1, await h.DeliverAllAsync());
        Assert.Equal(2, h.Sender.Sent.Count);
    }

    [Fact]
    public async Task A_message_under_a_retired_key_is_not_dropped_silently_but_retried()
    {
        await using var h = await ServiceHarness.CreateAsync();
        var configuration = h.Services.GetRequiredService<IConfiguration>();
        await h.CreateUserAsync(Alice);
        await h.Otp.SendAsync(Alice, None);
        configuration["SmsOtp:Secrets:queue-encryption-key"] = Convert.ToBase64String(new byte[32].Select((_, i) => (byte)(i + 7)).ToArray());
        var message = Assert.Single(await h.ReceiveAsync());

        var error = await Assert.ThrowsAsync<DeliveryFailedException>(() => h.Delivery.HandleAsync(message.MessageText, 1, None));
        Assert.Contains("neither the current nor the previous key", error.Message, StringComparison.Ordinal);
        Assert.Empty(h.Sender.Sent);
    }

    private static Dictionary<string, string?> OneProvider(WireMockServer provider) => new()
    {
        ["SmsOtp:Providers:0:Name"] = "only",
        ["SmsOtp:Providers:0:Url"] = provider.Url + "/send",
        ["SmsOtp:Providers:0:Payload"] = "to=$ctx.num&text=$ctx.msg",
    };
}
