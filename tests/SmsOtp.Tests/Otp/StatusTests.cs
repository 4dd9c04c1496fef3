namespace SmsOtp.Tests.Otp;

/// <summary><c>GET /api/otp/status</c> (spec §7.3): where a challenge stands, from its row, never an attempt.</summary>
public sealed class StatusTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task A_challenge_goes_from_queued_to_sent_to_verified_and_reading_it_is_never_an_attempt()
    {
        await using var h = await ServiceHarness.CreateAsync();
        var user = new UserKey("acme", "alice");
        await h.CreateUserAsync(user);
        var sent = (await h.Otp.SendAsync(user, None)).Value!;
        var id = sent.ChallengeId!;

        var queued = (await h.Otp.StatusAsync(id, None))!;
        Assert.Equal("pending", queued.State);
        Assert.Equal("queued", queued.DeliveryStatus);
        Assert.Equal(sent.ExpiresAt, queued.ExpiresAt);
        Assert.Equal(sent.ResendAvailableAt, queued.ResendAvailableAt);
        Assert.Equal(3, queued.AttemptsRemaining);
        Assert.Equal(5, queued.ResendsRemaining);

        await h.DeliverAllAsync();
        Assert.Equal("sent", (await h.Otp.StatusAsync(id, None))!.DeliveryStatus);

        await h.Otp.VerifyAsync(id, ServiceHarness.Wrong(h.LastCode()), None);
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(2, (await h.Otp.StatusAsync(id, None))!.AttemptsRemaining);
        }

        Assert.Equal(OtpStatuses.Verified, (await h.Otp.VerifyAsync(id, h.LastCode(), None))!.Status);
        Assert.Equal("verified", (await h.Otp.StatusAsync(id, None))!.State);
    }

    [Fact]
    public async Task Waiting_for_a_number_expired_exhausted_and_undeliverable_each_show()
    {
        await using var h = await ServiceHarness.CreateAsync(new Dictionary<string, string?> { ["SmsOtp:Mandatory"] = "true" });
        var newbie = new UserKey("acme", "newbie");
        await h.CreateUserAsync(newbie, mobile: null);
        var awaiting = (await h.Otp.SendAsync(newbie, None)).Value!.ChallengeId!;
        var status = (await h.Otp.StatusAsync(awaiting, None))!;
        Assert.Equal(("awaiting_mobile", "queued"), (status.State, status.DeliveryStatus));

        var alice = new UserKey("acme", "alice");
        await h.CreateUserAsync(alice);
        var (id, code) = await h.SendAndDeliverAsync(alice);
        h.Time.Advance(TimeSpan.FromSeconds(301));
        Assert.Equal("expired", (await h.Otp.StatusAsync(id, None))!.State);

        var bob = new UserKey("acme", "bob");
        await h.CreateUserAsync(bob, "+94771111111");
        (id, code) = await h.SendAndDeliverAsync(bob);
        for (var i = 0; i < 3; i++)
        {
            await h.Otp.VerifyAsync(id, ServiceHarness.Wrong(code), None);
        }

        Assert.Equal(("attempts_exhausted", 0), ((await h.Otp.StatusAsync(id, None))!.State, (await h.Otp.StatusAsync(id, None))!.AttemptsRemaining));

        var carol = new UserKey("acme", "carol");
        await h.CreateUserAsync(carol, "+94772222222");
        h.Sender.Accept = _ => false;
        var failing = (await h.Otp.SendAsync(carol, None)).Value!.ChallengeId!;
        var message = Assert.Single(await h.ReceiveAsync());
        await Assert.ThrowsAsync<Core.Delivery.DeliveryFailedException>(() => h.Delivery.HandleAsync(message.MessageText, 5, None));
        var failed = (await h.Otp.StatusAsync(failing, None))!;
        Assert.Equal(("pending", "failed"), (failed.State, failed.DeliveryStatus));
    }

    [Fact]
    public async Task Over_http_it_is_a_get_with_the_id_in_the_query_404_for_unknown_and_400_without()
    {
        await using var server = await LocalServerHost.StartAsync();
        Assert.Equal(HttpStatusCode.OK, (await server.Client.PutAsync("api/users?tenant=acme&userId=alice", HttpAsserts.Json("""{"mobile":"+94778888888"}"""))).StatusCode);
        var sent = await server.JsonAsync(await server.PostAsync("api/otp/send", new { tenant = "acme", userId = "alice" }));
        var id = sent.GetProperty("challengeId").GetString()!;

        var status = await server.JsonAsync(await server.Client.GetAsync("api/otp/status?challengeId=" + Uri.EscapeDataString(id)));
        Assert.Equal(id, status.GetProperty("challengeId").GetString());
        Assert.Equal("pending", status.GetProperty("state").GetString());

        await HttpAsserts.AssertProblemAsync(server, await server.Client.GetAsync("api/otp/status?challengeId=" + ChallengeId.New(new UserKey("acme", "x").PartitionKey)),
            HttpStatusCode.NotFound, ProblemCodes.ChallengeNotFound);
        await HttpAsserts.AssertProblemAsync(server, await server.Client.GetAsync("api/otp/status?challengeId=nope"), HttpStatusCode.NotFound, ProblemCodes.ChallengeNotFound);
        await HttpAsserts.AssertProblemAsync(server, await server.Client.GetAsync("api/otp/status"), HttpStatusCode.BadRequest, ProblemCodes.ValidationFailed);
        await HttpAsserts.AssertProblemAsync(server, await server.Client.GetAsync($"api/otp/status?challengeId={id}&challengeId={id}"),
            HttpStatusCode.BadRequest, ProblemCodes.ValidationFailed);
    }
}
