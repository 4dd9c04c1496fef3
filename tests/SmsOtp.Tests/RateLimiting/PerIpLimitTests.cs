using System.Net.Http.Json;

namespace SmsOtp.Tests.RateLimiting;

/// <summary>
/// <c>clientIp</c> and <c>RateLimits:SendsPerIpPerHour</c> (spec §9): validated, held under parallel sends from any users,
/// an IPv6 subscriber's /64 as one address, and the address stored only as a keyed hash, never logged.
/// </summary>
public sealed class PerIpLimitTests
{
    private const string Ip = "203.0.113.7";

    private static async Task<LocalServerHost> StartAsync(int perIp) => await LocalServerHost.StartAsync(new Dictionary<string, string?>
    {
        ["SmsOtp:RateLimits:SendsPerIpPerHour"] = perIp.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["SmsOtp:ResendCooldownSeconds"] = "0",
    });

    private static async Task UsersAsync(LocalServerHost server, int count)
    {
        for (var i = 0; i < count; i++)
        {
            // Distinct numbers and destinations, so only the per-IP limit can refuse.
            var put = await server.Client.PutAsJsonAsync($"api/users?tenant=acme&userId=u{i}", new { mobile = $"+9477{i % 9}{i:D6}" });
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        }
    }

    private static Task<HttpResponseMessage> SendAsync(LocalServerHost server, int user, string? clientIp) =>
        server.PostAsync("api/otp/send", clientIp is null ? new { tenant = "acme", userId = $"u{user}" } : new { tenant = "acme", userId = $"u{user}", clientIp });

    [Fact]
    public async Task Parallel_sends_from_one_address_through_many_users_never_exceed_the_limit()
    {
        await using var server = await StartAsync(perIp: 5);
        await UsersAsync(server, 24);
        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Task.Run(() => SendAsync(server, i, Ip))));
        Assert.Equal(5, responses.Count(r => r.StatusCode == HttpStatusCode.OK));
        var refused = responses.Where(r => r.StatusCode != HttpStatusCode.OK).ToList();
        Assert.Equal(15, refused.Count);
        foreach (var r in refused)
        {
            await HttpAsserts.AssertProblemAsync(server, r, HttpStatusCode.TooManyRequests, ProblemCodes.RateLimited);
            Assert.NotNull(r.Headers.RetryAfter);
        }

        Assert.Equal(5, (await server.OutboxAsync(5)).Length);

        // Another address, and a call that names none, are not affected.
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(server, 20, "203.0.113.8")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(server, 21, null)).StatusCode);

        // Only a keyed hash is stored, and the address is in no log record and no row.
        var table = new TableServiceClient(await SharedAzurite.ConnectionStringAsync()).GetTableClient(server.Table);
        var rows = await table.QueryAsync<TableEntity>().ToListAsync();
        Assert.Contains(rows, r => r.PartitionKey.StartsWith(IpSendLimiter.PartitionPrefix, StringComparison.Ordinal));
        Assert.DoesNotContain(rows, r => r.PartitionKey.Contains(Ip, StringComparison.Ordinal) || r.Any(p => p.Value?.ToString()?.Contains(Ip, StringComparison.Ordinal) == true));
        Assert.DoesNotContain(server.Logs.GetSnapshot(), r => r.Message.Contains(Ip, StringComparison.Ordinal)
            || r.StructuredState?.Any(s => s.Value?.Contains(Ip, StringComparison.Ordinal) == true) == true);
    }

    [Fact]
    public async Task An_ipv6_subscribers_64_is_one_address_and_a_mapped_ipv4_is_its_ipv4()
    {
        await using var server = await StartAsync(perIp: 2);
        await UsersAsync(server, 8);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(server, 0, "2001:db8:1:2::1")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(server, 1, "2001:DB8:1:2:ffff:ffff:ffff:9")).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await SendAsync(server, 2, "2001:db8:1:2:abcd::42")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(server, 3, "2001:db8:1:3::1")).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await SendAsync(server, 4, "198.51.100.4")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(server, 5, "::ffff:198.51.100.4")).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await SendAsync(server, 6, "198.51.100.4")).StatusCode);
    }

    [Fact]
    public async Task Resend_counts_its_clientIp_too()
    {
        await using var server = await StartAsync(perIp: 2);
        await UsersAsync(server, 1);
        var sent = await server.JsonAsync(await SendAsync(server, 0, Ip));
        var id = sent.GetProperty("challengeId").GetString();
        Assert.Equal(HttpStatusCode.OK, (await server.PostAsync("api/otp/resend", new { challengeId = id, clientIp = Ip })).StatusCode);
        var refused = await server.PostAsync("api/otp/resend", new { challengeId = id, clientIp = Ip });
        await HttpAsserts.AssertProblemAsync(server, refused, HttpStatusCode.TooManyRequests, ProblemCodes.RateLimited);
        Assert.Equal(HttpStatusCode.OK, (await server.PostAsync("api/otp/resend", new { challengeId = id })).StatusCode);
    }

    [Theory]
    [InlineData("1")]
    [InlineData("0x7f.0.0.1")]
    [InlineData("010.0.0.1")]
    [InlineData("256.1.1.1")]
    [InlineData("1.2.3")]
    [InlineData("1.2.3.4:80")]
    [InlineData("fe80::1%eth0")]
    [InlineData("[::1]")]
    [InlineData("localhost")]
    [InlineData(" 1.2.3.4")]
    [InlineData("")]
    public async Task A_clientIp_that_is_not_an_address_is_a_400_that_does_not_echo_it(string value)
    {
        Assert.False(ClientIpField.TryParse(value, out _));
        await using var server = await StartAsync(perIp: 20);
        await UsersAsync(server, 1);
        var response = await SendAsync(server, 0, value);
        await HttpAsserts.AssertProblemAsync(server, response, HttpStatusCode.BadRequest, ProblemCodes.ValidationFailed);
        if (value.Length > 1)
        {
            Assert.DoesNotContain(value, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        var notString = await server.Client.PostAsync("api/otp/send", HttpAsserts.Json("""{"tenant":"acme","userId":"u0","clientIp":42}"""));
        await HttpAsserts.AssertProblemAsync(server, notString, HttpStatusCode.BadRequest, ProblemCodes.ValidationFailed);
        Assert.Empty(await server.OutboxAsync(1, TimeSpan.FromMilliseconds(100)));
    }

    [Theory]
    [InlineData("192.0.2.1")]
    [InlineData("0.0.0.0")]
    [InlineData("::1")]
    [InlineData("2001:db8::")]
    [InlineData("::ffff:10.0.0.1")]
    [InlineData("2001:0db8:0000:0000:0000:ff00:0042:8329")]
    public void Addresses_as_proxies_write_them_are_accepted(string value) => Assert.True(ClientIpField.TryParse(value, out _));
}
