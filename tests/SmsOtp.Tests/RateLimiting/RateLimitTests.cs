using Microsoft.Extensions.Azure;

namespace SmsOtp.Tests.RateLimiting;

/// <summary>SmsOtp:RateLimits: per user, per number (across users and tenants) and per tenant, under parallel sends.</summary>
public sealed class RateLimitTests
{
    private const string Number = "+94778888888";
    private static readonly CancellationToken None = CancellationToken.None;

    private static Dictionary<string, string?> Limits(int user = 1000, int number = 1000, int tenant = 100_000, bool mandatoryDirect = false)
    {
        var settings = new Dictionary<string, string?>
        {
            ["SmsOtp:RateLimits:SendsPerUserPerHour"] = user.ToString(),
            ["SmsOtp:RateLimits:SendsPerNumberPerHour"] = number.ToString(),
            ["SmsOtp:RateLimits:SendsPerTenantPerMinute"] = tenant.ToString(),
            ["SmsOtp:ResendCooldownSeconds"] = "0",
            ["SmsOtp:MaximumResendAttempts"] = "100",
        };
        if (mandatoryDirect)
        {
            settings["SmsOtp:Mandatory"] = "true";
            settings["SmsOtp:SendOtpDirectlyToMobile"] = "true";
        }

        return settings;
    }

    private static async Task<int> QueuedAsync(ServiceHarness h) =>
        (await h.QueueClient.PeekMessagesAsync(32)).Value.Length;

    private static void AssertRateLimited(Outcome<SendResponse> outcome)
    {
        Assert.NotNull(outcome.Problem);
        Assert.Equal(429, outcome.Problem!.Status);
        Assert.Equal(ProblemCodes.RateLimited, outcome.Problem.Code);
        Assert.True(outcome.Problem.RetryAfter > TimeSpan.Zero);
    }

    [Fact]
    public async Task Per_user_limit_refuses_the_next_send_queues_nothing_and_frees_up_after_an_hour()
    {
        await using var h = await ServiceHarness.CreateAsync(Limits(user: 3));
        var user = new UserKey("acme", "alice");
        await h.CreateUserAsync(user);
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(OtpStatuses.Sent, (await h.Otp.SendAsync(user, None)).Value?.Status);
            h.Time.Advance(TimeSpan.FromMinutes(10));
        }

        var refused = await h.Otp.SendAsync(user, None);
        AssertRateLimited(refused);

        // The first send leaves the sliding hour 30 minutes after now.
        Assert.Equal(TimeSpan.FromMinutes(30), refused.Problem!.RetryAfter);
        Assert.Equal(3, await QueuedAsync(h));

        h.Time.Advance(TimeSpan.FromMinutes(30));
        Assert.Equal(OtpStatuses.Sent, (await h.Otp.SendAsync(user, None)).Value?.Status);
    }

    [Fact]
    public async Task Send_resend_and_mobile_all_count_toward_the_user_limit()
    {
        await using var h = await ServiceHarness.CreateAsync(Limits(user: 3, mandatoryDirect: true));
        var user = new UserKey("acme", "bob");
        var first = await h.Otp.SendAsync(user, None);
        Assert.Equal(OtpStatuses.MobileRequired, first.Value!.Status);
        var id = first.Value.ChallengeId!;
        Assert.Equal(OtpStatuses.Sent, (await h.Otp.SubmitMobileAsync(id, Number, None)).Value?.Status);
        Assert.Equal(OtpStatuses.Sent, (await h.Otp.ResendAsync(id, None)).Value?.Status);
        Assert.Equal(OtpStatuses.Sent, (await h.Otp.ResendAsync(id, None)).Value?.Status);
        AssertRateLimited(await h.Otp.ResendAsync(id, None));
        Assert.Equal(3, await QueuedAsync(h));
    }

    [Fact]
    public async Task Parallel_sends_for_one_user_never_exceed_the_user_limit()
    {
        await using var h = await ServiceHarness.CreateAsync(Limits(user: 4));
        var user = new UserKey("acme", "carol");
        await h.CreateUserAsync(user);
        var results = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(() => h.Otp.SendAsync(user, None))));
        Assert.Equal(4, results.Count(r => r.Value?.Status == OtpStatuses.Sent));
        Assert.Equal(12, results.Count(r => r.Problem?.Code == ProblemCodes.RateLimited));
        Assert.Equal(4, await QueuedAsync(h));
    }

    [Fact]
    public async Task Parallel_sends_to_one_number_through_many_users_and_tenants_never_exceed_the_number_limit()
    {
        await using var h = await ServiceHarness.CreateAsync(Limits(number: 5));
        var users = Enumerable.Range(0, 20).Select(i => new UserKey(i % 2 == 0 ? "acme" : "other", "user" + i)).ToList();
        foreach (var u in users)
        {
            await h.CreateUserAsync(u, Number);
        }

        var results = await Task.WhenAll(users.Select(u => Task.Run(() => h.Otp.SendAsync(u, None))));
        Assert.Equal(5, results.Count(r => r.Value?.Status == OtpStatuses.Sent));
        Assert.Equal(15, results.Count(r => r.Problem?.Code == ProblemCodes.RateLimited));
        Assert.Equal(5, await QueuedAsync(h));
        await h.DeliverAllAsync();
        Assert.Equal(5, h.Sender.Sent.Count);

        // Another number is not affected; the hour boundary frees the number (a fixed UTC hour).
        var other = new UserKey("acme", "other-number");
        await h.CreateUserAsync(other, "+94771234567");
        Assert.Equal(OtpStatuses.Sent, (await h.Otp.SendAsync(other, None)).Value?.Status);
        var refused = await h.Otp.SendAsync(users[0], None);
        AssertRateLimited(refused);
        Assert.Equal(TimeSpan.FromHours(1), refused.Problem!.RetryAfter); // the harness clock stands at 08:00:00
        h.Time.Advance(TimeSpan.FromHours(1));
        Assert.Equal(OtpStatuses.Sent, (await h.Otp.SendAsync(users[0], None)).Value?.Status);
    }

    [Fact]
    public async Task Direct_mode_cannot_flood_one_number_through_many_unknown_users()
    {
        await using var h = await ServiceHarness.CreateAsync(Limits(number: 3, mandatoryDirect: true));
        var challenges = new List<ChallengeId>();
        for (var i = 0; i < 10; i++)
        {
            var r = await h.Otp.SendAsync(new UserKey("acme", "stranger" + i), None);
            challenges.Add(r.Value!.ChallengeId!);
        }

        var results = await Task.WhenAll(challenges.Select(id => Task.Run(() => h.Otp.SubmitMobileAsync(id, Number, None))));
        Assert.Equal(3, results.Count(r => r.Value?.Status == OtpStatuses.Sent));
        Assert.Equal(7, results.Count(r => r.Problem?.Code == ProblemCodes.RateLimited));
        Assert.Equal(3, await QueuedAsync(h));
    }

    [Fact]
    public async Task Parallel_sends_of_one_tenant_never_exceed_the_tenant_limit_and_other_tenants_are_unaffected()
    {
        await using var h = await ServiceHarness.CreateAsync(Limits(tenant: 7));
        var users = Enumerable.Range(0, 15).Select(i => new UserKey("acme", "t" + i)).ToList();
        for (var i = 0; i < users.Count; i++)
        {
            await h.CreateUserAsync(users[i], $"+9477123{i:D4}");
        }

        h.Time.Advance(TimeSpan.FromSeconds(15));
        var results = await Task.WhenAll(users.Select(u => Task.Run(() => h.Otp.SendAsync(u, None))));
        Assert.Equal(7, results.Count(r => r.Value?.Status == OtpStatuses.Sent));
        var refused = results.Where(r => r.Problem is not null).ToList();
        Assert.Equal(8, refused.Count);
        Assert.All(refused, r => Assert.Equal(TimeSpan.FromSeconds(45), r.Problem!.RetryAfter));
        Assert.Equal(7, await QueuedAsync(h));

        var elsewhere = new UserKey("globex", "t0");
        await h.CreateUserAsync(elsewhere, "+94770000001");
        Assert.Equal(OtpStatuses.Sent, (await h.Otp.SendAsync(elsewhere, None)).Value?.Status);

        h.Time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(OtpStatuses.Sent, (await h.Otp.SendAsync(users[0], None)).Value?.Status);
    }

    [Fact]
    public async Task Tenant_limit_holds_across_instances_sharing_the_storage()
    {
        // Two service instances (two DI graphs, each with its own leases) on the same table.
        await using var a = await ServiceHarness.CreateAsync(Limits(tenant: 30));
        var shared = Limits(tenant: 30);
        shared["SmsOtp:Storage:UsersTable"] = a.Table;
        shared["SmsOtp:Storage:DeliveryQueue"] = a.Queue;
        var b = await ServiceHarness.CreateAsync(shared);
        try
        {
            var users = Enumerable.Range(0, 80).Select(i => new UserKey("acme", "m" + i)).ToList();
            for (var i = 0; i < users.Count; i++)
            {
                await a.CreateUserAsync(users[i], $"+9477200{i:D4}");
            }

            var results = await Task.WhenAll(users.Select((u, i) => Task.Run(() => (i % 2 == 0 ? a : b).Otp.SendAsync(u, None))));
            var sent = results.Count(r => r.Value?.Status == OtpStatuses.Sent);
            Assert.InRange(sent, 1, 30);
            Assert.Equal(sent, (await a.QueueClient.GetPropertiesAsync()).Value.ApproximateMessagesCount);
        }
        finally
        {
            // Shares a's table and queue, which a deletes again (a missing table is no error there).
            await b.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_later_send_to_the_same_number_costs_one_insert_and_a_full_number_is_refused_without_storage()
    {
        var counter = new RequestCounter();
        await using var h = await ServiceHarness.CreateAsync(Limits(number: 3, tenant: 0), services =>
            services.AddAzureClients(b => b.ConfigureDefaults(o => o.AddPolicy(counter, Azure.Core.HttpPipelinePosition.PerRetry))));
        var user = new UserKey("default", "hinted");
        await h.CreateUserAsync(user, Number);
        counter.Requests.Clear();

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(OtpStatuses.Sent, (await h.Otp.SendAsync(user, None)).Value!.Status);
        }

        // Per send: the row's point read and replace, one slot insert (POST), the queue put. No 409 probing of
        // taken slots and no counting query (a table path ending in "()").
        var table = counter.Requests.Where(r => r.Path.Contains(h.Table, StringComparison.Ordinal)).ToList();
        Assert.Equal(3, table.Count(r => r.Method == "POST"));
        Assert.DoesNotContain(table, r => r.Status == 409 || r.Path.EndsWith("()", StringComparison.Ordinal));
        Assert.Equal(9, table.Count);

        counter.Requests.Clear();
        AssertRateLimited(await h.Otp.SendAsync(user, None));
        Assert.DoesNotContain(counter.Requests, r => r.Method == "POST" || r.Path.EndsWith("()", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Limiter_rows_hold_only_a_keyed_hash_of_the_number()
    {
        await using var h = await ServiceHarness.CreateAsync(Limits(number: 2));
        var user = new UserKey("acme", "dave");
        await h.CreateUserAsync(user);
        await h.Otp.SendAsync(user, None);
        await h.Otp.SendAsync(user, None);
        await h.Otp.SendAsync(user, None);

        var rows = new List<TableEntity>();
        await foreach (var row in h.TableClient.QueryAsync<TableEntity>())
        {
            rows.Add(row);
        }

        var limiterRows = rows.Where(r => r.PartitionKey.StartsWith(NumberSendLimiter.PartitionPrefix, StringComparison.Ordinal)).ToList();
        Assert.Equal(2, limiterRows.Count);
        Assert.Single(limiterRows.Select(r => r.PartitionKey).Distinct());
        var digits = Number.TrimStart('+');
        foreach (var row in rows.Where(r => r.PartitionKey.StartsWith("rl.", StringComparison.Ordinal)))
        {
            Assert.DoesNotContain(digits, row.PartitionKey + row.RowKey + string.Join("|", row.Select(p => p.Value)), StringComparison.Ordinal);
            Assert.DoesNotContain("8888888", row.PartitionKey + row.RowKey, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Over_http_a_refused_send_is_a_429_rate_limited_problem_with_retry_after_and_never_reaches_the_provider()
    {
        await using var server = await LocalServerHost.StartAsync(new Dictionary<string, string?> { ["SmsOtp:RateLimits:SendsPerNumberPerHour"] = "1" });
        foreach (var id in new[] { "a", "b" })
        {
            Assert.Equal(System.Net.HttpStatusCode.OK, (await server.Client.PutAsync($"api/users?tenant=acme&userId={id}",
                HttpAsserts.Json("{\"mobile\":\"+94778888888\"}"))).StatusCode);
        }

        Assert.Equal(System.Net.HttpStatusCode.OK, (await server.PostAsync("api/otp/send", new { tenant = "acme", userId = "a" })).StatusCode);
        var refused = await server.PostAsync("api/otp/send", new { tenant = "acme", userId = "b" });
        Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        await HttpAsserts.AssertProblemAsync(server, refused, System.Net.HttpStatusCode.TooManyRequests, ProblemCodes.RateLimited);

        Assert.Single(await server.OutboxAsync(1));
        await Task.Delay(300);
        Assert.Single(await server.OutboxAsync(2, TimeSpan.FromMilliseconds(100)));
    }
}
