using System.Net.Http.Json;

namespace SmsOtp.Tests.Http;

/// <summary>
/// <c>Idempotency-Key</c> on send, mobile and resend (spec §7.2): a repeat gives the first answer (no new
/// code, no second SMS, no limit charged again), even in parallel; another request with the key is 422.
/// </summary>
public sealed class IdempotencyTests
{
    private static async Task<(HttpStatusCode Status, JsonElement Body)> PostAsync(LocalServerHost server, string path, object body, string? key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        if (key is not null)
        {
            request.Headers.Add("Idempotency-Key", key);
        }

        using var response = await server.Client.SendAsync(request);
        return (response.StatusCode, await server.JsonAsync(response));
    }

    private static async Task<LocalServerHost> StartAsync(Dictionary<string, string?>? settings = null)
    {
        var server = await LocalServerHost.StartAsync(settings);
        Assert.Equal(HttpStatusCode.OK, (await server.Client.PutAsync("api/users?tenant=acme&userId=alice", HttpAsserts.Json("""{"mobile":"+94778888888"}"""))).StatusCode);
        return server;
    }

    [Fact]
    public async Task The_same_key_twice_is_the_same_challenge_one_sms_and_one_limit_charge()
    {
        // One send per user per hour: a second real send would be refused, a repeat is not a send.
        await using var server = await StartAsync(new() { ["SmsOtp:RateLimits:SendsPerUserPerHour"] = "1" });
        var first = await PostAsync(server, "api/otp/send", new { tenant = "acme", userId = "alice" }, "login-42");
        var again = await PostAsync(server, "api/otp/send", new { tenant = "acme", userId = "alice" }, "login-42");

        Assert.Equal(HttpStatusCode.OK, first.Status);
        Assert.Equal(HttpStatusCode.OK, again.Status);
        Assert.Equal(first.Body.GetRawText(), again.Body.GetRawText());
        Assert.Single(await server.OutboxAsync(1));
        await Task.Delay(500);
        Assert.Single(await server.OutboxAsync(1));
        Assert.Equal(HttpStatusCode.TooManyRequests, (await PostAsync(server, "api/otp/send", new { tenant = "acme", userId = "alice" }, "login-43")).Status);
    }

    [Fact]
    public async Task Parallel_sends_with_one_key_give_one_challenge_and_one_sms()
    {
        await using var server = await StartAsync();
        var results = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ =>
            Task.Run(() => PostAsync(server, "api/otp/send", new { tenant = "acme", userId = "alice" }, "parallel-1"))));

        Assert.All(results, r => Assert.Equal(HttpStatusCode.OK, r.Status));
        Assert.Single(results.Select(r => r.Body.GetProperty("challengeId").GetString()).Distinct());
        await server.OutboxAsync(1);
        await Task.Delay(500);
        Assert.Single(await server.OutboxAsync(1));
    }

    [Fact]
    public async Task The_key_with_another_request_is_422_and_changes_nothing()
    {
        await using var server = await StartAsync(new() { ["SmsOtp:Pages:AllowedReturnUrls:0"] = "https://app.example/cb" });
        var first = await PostAsync(server, "api/otp/send", new { tenant = "acme", userId = "alice" }, "k1");
        await server.OutboxAsync(1);

        // Unknown fields are no part of the request: still the same one.
        var same = await PostAsync(server, "api/otp/send", new { tenant = "acme", userId = "alice", extra = 1 }, "k1");
        Assert.Equal(first.Body.GetRawText(), same.Body.GetRawText());

        var table = server.Services.GetRequiredService<Azure.Data.Tables.TableServiceClient>().GetTableClient(server.Table);
        var queues = server.Services.GetRequiredService<Azure.Storage.Queues.QueueServiceClient>();
        var before = await StorageSnapshot.TakeAsync(table, queues.GetQueueClient(server.Queue), queues.GetQueueClient(server.Queue + "-poison"));
        var other = await PostAsync(server, "api/otp/send", new { tenant = "acme", userId = "alice", returnUrl = "https://app.example/cb" }, "k1");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, other.Status);
        Assert.Equal(ProblemCodes.IdempotencyKeyReused, other.Body.GetProperty("code").GetString());
        Assert.Equal(before, await StorageSnapshot.TakeAsync(table, queues.GetQueueClient(server.Queue), queues.GetQueueClient(server.Queue + "-poison")));
        Assert.Single(await server.OutboxAsync(1));
    }

    [Fact]
    public async Task A_key_reused_for_a_different_body_is_422_idempotency_key_reused()
    {
        await using var server = await LocalServerHost.StartAsync(new Dictionary<string, string?> { ["SmsOtp:Mandatory"] = "true", ["SmsOtp:ResendCooldownSeconds"] = "0" });
        Assert.Equal(HttpStatusCode.OK, (await server.Client.PutAsync("api/users?tenant=acme&userId=newbie", HttpAsserts.Json("{}"))).StatusCode);
        var send = await PostAsync(server, "api/otp/send", new { tenant = "acme", userId = "newbie" }, null);
        var id = send.Body.GetProperty("challengeId").GetString();
        Assert.Equal("mobile_required", send.Body.GetProperty("status").GetString());

        var first = await PostAsync(server, "api/otp/mobile", new { challengeId = id, mobile = "+94778888888" }, "m-1");
        var repeat = await PostAsync(server, "api/otp/mobile", new { challengeId = id, mobile = "+94778888888" }, "m-1");
        var reused = await PostAsync(server, "api/otp/mobile", new { challengeId = id, mobile = "+94771111111" }, "m-1");

        Assert.Equal(HttpStatusCode.OK, first.Status);
        Assert.Equal(first.Body.GetRawText(), repeat.Body.GetRawText());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, reused.Status);
        Assert.Equal(ProblemCodes.IdempotencyKeyReused, reused.Body.GetProperty("code").GetString());
        Assert.Single(await server.OutboxAsync(1));

        // Resend with a key: a repeat is the same new code, not a third one.
        var resend = await PostAsync(server, "api/otp/resend", new { challengeId = id }, "r-1");
        var resendAgain = await PostAsync(server, "api/otp/resend", new { challengeId = id }, "r-1");
        Assert.Equal(HttpStatusCode.OK, resend.Status);
        Assert.Equal(resend.Body.GetRawText(), resendAgain.Body.GetRawText());
        await server.OutboxAsync(2);
        await Task.Delay(500);
        Assert.Equal(2, (await server.OutboxAsync(2)).Length);
    }

    [Fact]
    public async Task A_key_ends_with_its_challenge_and_a_bad_key_is_400()
    {
        await using var server = await StartAsync();
        var first = await PostAsync(server, "api/otp/send", new { tenant = "acme", userId = "alice" }, "once");
        var code = (await server.OutboxAsync(1))[^1].GetProperty("code").GetString();
        var verified = await PostAsync(server, "api/otp/verify", new { challengeId = first.Body.GetProperty("challengeId").GetString(), code }, null);
        Assert.Equal("verified", verified.Body.GetProperty("status").GetString());

        var later = await PostAsync(server, "api/otp/send", new { tenant = "acme", userId = "alice" }, "once");
        Assert.Equal(HttpStatusCode.OK, later.Status);
        Assert.NotEqual(first.Body.GetProperty("challengeId").GetString(), later.Body.GetProperty("challengeId").GetString());

        foreach (var bad in new[] { "", new string('k', 65), "white space", "a/b", "semi;colon" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "api/otp/send") { Content = JsonContent.Create(new { tenant = "acme", userId = "alice" }) };
            request.Headers.TryAddWithoutValidation("Idempotency-Key", bad);
            await HttpAsserts.AssertProblemAsync(server, await server.Client.SendAsync(request), HttpStatusCode.BadRequest, ProblemCodes.ValidationFailed);
        }
    }
}
