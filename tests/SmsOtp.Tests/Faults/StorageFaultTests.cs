using System.Diagnostics;

namespace SmsOtp.Tests.Faults;

/// <summary>
/// Storage failing under a running local server (issue 12): refused, reset and frozen storage answer 503
/// within the deadline on the API and the pages; a storage restarted empty is an outage that heals itself.
/// </summary>
public sealed class StorageFaultTests
{
    private const int DeadlineSeconds = 2;

    // The deadline of one storage call, what a request does around it, and a slow shared machine's slack.
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(DeadlineSeconds + 3);

    public static TheoryData<string> Faults => ["refuse", "reset", "hang"];

    [Theory]
    [MemberData(nameof(Faults))]
    public async Task A_failing_storage_answers_503_within_the_deadline_on_the_api_and_the_pages(string fault)
    {
        await using var s = await FaultyService.StartAsync(null, new Dictionary<string, string?>
        {
            ["SmsOtp:Pages:AllowedReturnUrls:0"] = "https://app.example.com/cb",
        });
        await s.CreateUserAsync("alice", "+94778888888");
        var sent = await s.Server.JsonAsync(await s.Server.PostAsync("api/otp/send", new { tenant = "acme", userId = "alice", returnUrl = "https://app.example.com/cb" }));
        var challengeId = sent.GetProperty("challengeId").GetString();
        var pageUrl = new Uri(sent.GetProperty("pageUrl").GetString()!).PathAndQuery.TrimStart('/');

        s.Proxy.SetFault(fault switch { "refuse" => StorageFault.Refuse, "reset" => StorageFault.Reset, _ => StorageFault.Hang });

        foreach (var call in new Func<Task<HttpResponseMessage>>[]
                 {
                     () => s.Server.PostAsync("api/otp/send", new { tenant = "acme", userId = "alice" }),
                     () => s.Server.PostAsync("api/otp/verify", new { challengeId, code = "000000" }),
                     () => s.Server.PostAsync("api/otp/resend", new { challengeId }),
                     () => s.Client.GetAsync("api/users?tenant=acme&userId=alice"),
                     () => s.Client.DeleteAsync("api/users?tenant=acme&userId=bob"),
                 })
        {
            var clock = Stopwatch.StartNew();
            using var response = await call();
            Assert.True(clock.Elapsed < Bound, $"answered after {clock.Elapsed}");
            await HttpAsserts.AssertProblemAsync(s.Server, response, HttpStatusCode.ServiceUnavailable, "service_unavailable");
            Assert.True(response.Headers.RetryAfter is not null, "Retry-After is missing");
        }

        var page = Stopwatch.StartNew();
        using (var response = await s.Client.GetAsync(pageUrl))
        {
            Assert.True(page.Elapsed < Bound, $"the page answered after {page.Elapsed}");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
            Assert.NotNull(response.Headers.RetryAfter);
            Assert.Contains("Something went wrong", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        var health = Stopwatch.StartNew();
        using (var response = await s.Client.GetAsync("api/health"))
        {
            Assert.True(health.Elapsed < TimeSpan.FromSeconds(5 + 3), $"health answered after {health.Elapsed}");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        }

        s.Proxy.SetFault(StorageFault.Pass);
        await FaultyService.WaitUntilAsync(async () => (await s.Client.GetAsync("api/health")).StatusCode == HttpStatusCode.OK,
            TimeSpan.FromSeconds(20), "health after the fault");
        Assert.Equal("sent", (await s.Server.JsonAsync(await s.Server.PostAsync("api/otp/send", new { tenant = "acme", userId = "alice" })))
            .GetProperty("status").GetString());
    }

    [Fact]
    public async Task The_server_survives_a_60_second_outage_and_serves_again_without_a_restart()
    {
        await using var s = await FaultyService.StartAsync(null);
        await s.CreateUserAsync("alice", "+94778888888");
        await s.SendAsync("alice");
        await s.Server.OutboxAsync(1);

        s.Proxy.SetFault(StorageFault.Refuse);
        var outage = Stopwatch.StartNew();
        while (outage.Elapsed < TimeSpan.FromSeconds(60))
        {
            // The process keeps answering (503), and its queue listener keeps failing to receive, all along.
            using var response = await s.Client.GetAsync("api/health");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            await Task.Delay(TimeSpan.FromSeconds(5));
        }

        s.Proxy.SetFault(StorageFault.Pass);
        await FaultyService.WaitUntilAsync(async () => (await s.Client.GetAsync("api/health")).StatusCode == HttpStatusCode.OK,
            TimeSpan.FromSeconds(20), "health after the outage");

        // Sends and deliveries work again: the listener resumed by itself.
        var challengeId = await s.SendAsync("alice");
        var sms = (await s.Server.OutboxAsync(2, TimeSpan.FromSeconds(20)))[^1];
        Assert.Equal("verified", await s.VerifyAsync(challengeId, sms.GetProperty("code").GetString()!));
        Assert.Contains(s.Server.Logs.GetSnapshot(), r => r.Id.Id == 7004); // "the delivery queue does not answer": logged once
        Assert.Single(s.Server.Logs.GetSnapshot(), r => r.Id.Id == 7004);
    }

    [Fact]
    public async Task Storage_restarted_empty_is_an_outage_not_an_empty_store_and_the_service_recreates_it()
    {
        await using var s = await FaultyService.StartAsync(null, new Dictionary<string, string?> { ["SmsOtp:Mandatory"] = "false" });
        await s.CreateUserAsync("alice", "+94778888888");

        // The queues refuse for a moment, so the delivery listener's idle poll cannot be the first to find the store
        // empty (it would report the loss and the tables would be re-created before the send below: a race, not the rule).
        s.Proxy.SetFault(StorageFault.Refuse, StorageService.Queue);
        await s.Proxy.RetargetToFreshAzuriteAsync();

        // The table is gone: that is no "unknown user" (which would be skipped: the step passed without a code).
        using (var send = await s.Server.PostAsync("api/otp/send", new { tenant = "acme", userId = "alice" }))
        {
            await HttpAsserts.AssertProblemAsync(s.Server, send, HttpStatusCode.ServiceUnavailable, "service_unavailable");
        }

        s.Proxy.SetFault(StorageFault.Pass, StorageService.Queue);

        // The service re-creates its table and queues by itself and serves again (now on the empty store).
        await FaultyService.WaitUntilAsync(async () => (await s.Client.GetAsync("api/health")).StatusCode == HttpStatusCode.OK,
            TimeSpan.FromSeconds(20), "health after the re-creation");
        await s.CreateUserAsync("alice", "+94778888888");
        var challengeId = await s.SendAsync("alice");
        var sms = (await s.Server.OutboxAsync(1, TimeSpan.FromSeconds(20)))[^1];
        Assert.Equal("verified", await s.VerifyAsync(challengeId, sms.GetProperty("code").GetString()!));
        Assert.Contains(s.Server.Logs.GetSnapshot(), r => r.Id.Id == 1202); // re-created
    }
}
