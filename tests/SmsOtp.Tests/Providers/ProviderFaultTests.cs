using System.Diagnostics;
using Microsoft.Extensions.Time.Testing;
using SmsOtp.Tests.Faults;

namespace SmsOtp.Tests.Providers;

/// <summary>
/// Providers failing under a running local server (issue 12): a blip loses no code, a slow provider gets no
/// storm, a hanging call delays nobody else, and a code is given up only when it could no longer be used.
/// </summary>
public sealed class ProviderFaultTests
{
    private static IRequestBuilder Sms() => Request.Create().WithPath("/sms").UsingPost();

    [Fact]
    public async Task Every_code_of_an_8_second_provider_outage_is_delivered_once_the_provider_is_back()
    {
        // The defaults: 2 retries in-call, a breaker that opens for 30 s, longer than a queue's redelivery budget.
        using var provider = WireMockServer.Start();
        provider.Given(Sms()).AtPriority(10).RespondWith(Response.Create().WithStatusCode(500));
        await using var s = await FaultyService.StartAsync(provider);
        const int users = 12;
        for (var i = 0; i < users; i++)
        {
            await s.CreateUserAsync("u" + i, $"+9477300{i:D4}");
        }

        var outage = Stopwatch.StartNew();
        var challenges = new List<string>();
        for (var i = 0; i < users; i++)
        {
            challenges.Add(await s.SendAsync("u" + i));
            await Task.Delay(TimeSpan.FromSeconds(6.0 / users));
        }

        await Task.Delay(TimeSpan.FromSeconds(8) - outage.Elapsed is { Ticks: > 0 } left ? left : TimeSpan.Zero);
        provider.Given(Sms()).AtPriority(1).RespondWith(Response.Create().WithStatusCode(202).WithBody("{}"));

        await FaultyService.WaitUntilAsync(() => Enumerable.Range(0, users).All(i => s.CodesAcceptedFor($"9477300{i:D4}").Count > 0),
            TimeSpan.FromSeconds(90), "every code accepted after the outage");
        for (var i = 0; i < users; i++)
        {
            var accepted = s.CodesAcceptedFor($"9477300{i:D4}");
            Assert.Single(accepted); // once: no code sent twice
            Assert.Equal("verified", await s.VerifyAsync(challenges[i], accepted[0]));
        }

        var poison = new QueueClient(await SharedAzurite.ConnectionStringAsync(), s.Queue + "-poison");
        Assert.Empty((await poison.PeekMessagesAsync(1)).Value);
    }

    [Fact]
    public async Task A_slow_provider_that_does_send_gets_at_most_two_requests_for_a_code()
    {
        using var provider = WireMockServer.Start();
        provider.Given(Sms()).RespondWith(Response.Create().WithStatusCode(202).WithBody("{}").WithDelay(TimeSpan.FromSeconds(3)));
        await using var s = await FaultyService.StartAsync(provider, new Dictionary<string, string?> { ["SmsOtp:Providers:0:TimeoutSeconds"] = "1" });
        await s.CreateUserAsync("slow", "+94773000001");
        var challengeId = await s.SendAsync("slow");

        await FaultyService.WaitUntilAsync(() => s.CodesSentTo("94773000001").Count >= 2, TimeSpan.FromSeconds(30), "the one retry after the timeout");
        await Task.Delay(TimeSpan.FromSeconds(12)); // two more backoffs' worth: no third request comes
        var requests = s.CodesSentTo("94773000001");
        Assert.Equal(2, requests.Count);
        Assert.Equal(requests[0], requests[1]);

        // The provider did send it: the code works (a timeout is never taken for "undeliverable").
        Assert.Equal("verified", await s.VerifyAsync(challengeId, requests[0]));
    }

    [Fact]
    public async Task One_hanging_provider_call_does_not_delay_the_other_deliveries()
    {
        using var provider = WireMockServer.Start();
        provider.Given(Sms().WithBody(b => b != null && b.Contains("94773009999", StringComparison.Ordinal))).AtPriority(1)
            .RespondWith(Response.Create().WithStatusCode(202).WithBody("{}").WithDelay(TimeSpan.FromSeconds(20)));
        provider.Given(Sms()).AtPriority(2).RespondWith(Response.Create().WithStatusCode(202).WithBody("{}"));
        await using var s = await FaultyService.StartAsync(provider, new Dictionary<string, string?> { ["SmsOtp:Providers:0:TimeoutSeconds"] = "30" });
        await s.CreateUserAsync("hang", "+94773009999");
        for (var i = 0; i < 5; i++)
        {
            await s.CreateUserAsync("quick" + i, $"+9477301000{i}");
        }

        await s.SendAsync("hang");
        await Task.Delay(TimeSpan.FromSeconds(1.5)); // the listener has taken it and is waiting on the provider (WireMock logs a request once answered)
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < 5; i++)
        {
            await s.SendAsync("quick" + i);
        }

        await FaultyService.WaitUntilAsync(() => Enumerable.Range(0, 5).All(i => s.CodesAcceptedFor($"9477301000{i}").Count == 1),
            TimeSpan.FromSeconds(10), "the other deliveries");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10));
        Assert.Empty(s.CodesAcceptedFor("94773009999")); // still hanging meanwhile
    }

    [Fact]
    public async Task A_provider_failing_for_the_codes_whole_lifetime_is_retried_until_the_code_would_arrive_too_late()
    {
        using var provider = WireMockServer.Start();
        provider.Given(Sms()).RespondWith(Response.Create().WithStatusCode(503));
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var s = await FaultyService.StartAsync(provider,
            new Dictionary<string, string?> { ["SmsOtp:Delivery:RetryCount"] = "0", ["SmsOtp:Delivery:BreakerMinimumThroughput"] = "1000" },
            builder => builder.Services.AddSingleton<TimeProvider>(clock));
        await s.CreateUserAsync("doomed", "+94773000002");
        var challengeId = await s.SendAsync("doomed");

        // Redelivered as new messages after growing delays, never poisoned.
        await FaultyService.WaitUntilAsync(() => s.CodesSentTo("94773000002").Count >= 2, TimeSpan.FromSeconds(20), "a redelivery");
        Assert.DoesNotContain(s.Server.Logs.GetSnapshot(), r => r.Id.Id == 4004);

        // Near the end of the code's 300 s: the next attempt would come too late, so the code is given up.
        clock.Advance(TimeSpan.FromSeconds(295));
        await FaultyService.WaitUntilAsync(() => s.Server.Logs.GetSnapshot().Any(r => r.Id.Id == 4004), TimeSpan.FromSeconds(30), "the code to be given up");
        Assert.Equal("delivery_failed", await s.VerifyAsync(challengeId, "000000"));
        var poison = new QueueClient(await SharedAzurite.ConnectionStringAsync(), s.Queue + "-poison");
        Assert.Empty((await poison.PeekMessagesAsync(1)).Value);
        var attempts = s.CodesSentTo("94773000002").Count;
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.Equal(attempts, s.CodesSentTo("94773000002").Count); // and not tried again
    }
}
