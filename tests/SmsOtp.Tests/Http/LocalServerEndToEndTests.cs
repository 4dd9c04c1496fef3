using System.Net.Http.Json;

namespace SmsOtp.Tests.Http;

/// <summary>
/// End to end over real HTTP: the local server on Azurite, its queue listener, and a real HTTP provider
/// stub (WireMock.Net) that receives the rendered request.
/// </summary>
public sealed class LocalServerEndToEndTests
{
    private const string WeirdUser = "PRIMARY/ålice@example.com#1?x";

    [Fact]
    public async Task Full_login_through_the_generic_http_provider_with_a_weird_user_id()
    {
        using var provider = WireMockServer.Start();
        provider.Given(Request.Create().WithPath("/sms").UsingPost()).RespondWith(Response.Create().WithStatusCode(202));
        await using var server = await LocalServerHost.StartAsync(new Dictionary<string, string?>
        {
            ["SmsOtp:MessageTemplate"] = "Code {code} for \"Acme & Co\" +100% #1 ünïcødé",
            ["SmsOtp:Providers:0:Name"] = "stub",
            ["SmsOtp:Providers:0:Url"] = provider.Url + "/sms?to=$ctx.num&key={secret:sms-key}",
            ["SmsOtp:Providers:0:Method"] = "POST",
            ["SmsOtp:Providers:0:Headers"] = "Content-Type: application/json,X-Api-Key: {secret:sms-key}",
            ["SmsOtp:Providers:0:Payload"] = "{\"to\":\"$ctx.num\",\"text\":\"$ctx.msg\",\"otp\":\"$ctx.otp\"}",
            ["SmsOtp:Providers:0:NumberFormat"] = "digits",
            ["SmsOtp:Secrets:sms-key"] = "k&y=1",
        });
        var query = "api/users?tenant=acme&userId=" + Uri.EscapeDataString(WeirdUser);
        var put = await server.Client.PutAsJsonAsync(query, new { mobile = "+94 77 888 8888" });
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        var profile = await server.JsonAsync(put);
        Assert.Equal(WeirdUser, profile.GetProperty("userId").GetString());
        Assert.Equal("+*******8888", profile.GetProperty("maskedMobile").GetString());

        var send = await server.PostAsync("api/otp/send", new { tenant = "acme", userId = WeirdUser });
        Assert.Equal(HttpStatusCode.OK, send.StatusCode);
        var sent = await server.JsonAsync(send);
        Assert.Equal("sent", sent.GetProperty("status").GetString());
        Assert.EndsWith("Z", sent.GetProperty("expiresAt").GetString());

        var request = await WaitForAsync(() => provider.LogEntries.FirstOrDefault()?.RequestMessage);
        Assert.Equal("POST", request.Method);
        Assert.Equal("94778888888", request.Query!["to"].Single());
        Assert.Equal("k&y=1", request.Query["key"].Single()); // percent-encoded in the URL, decoded by the stub
        Assert.Contains("key=k%26y%3D1", request.Url, StringComparison.Ordinal);
        Assert.Equal("k&y=1", request.Headers!["X-Api-Key"].Single());
        var body = JsonDocument.Parse(request.Body!).RootElement;
        var code = body.GetProperty("otp").GetString()!;
        Assert.Matches("^[0-9]{6}$", code);
        Assert.Equal("94778888888", body.GetProperty("to").GetString());
        Assert.Equal($"Code {code} for \"Acme & Co\" +100% #1 ünïcødé", body.GetProperty("text").GetString());

        var verify = await server.PostAsync("api/otp/verify", new { challengeId = sent.GetProperty("challengeId").GetString(), code });
        var verified = await server.JsonAsync(verify);
        Assert.Equal("verified", verified.GetProperty("status").GetString());
        Assert.Equal("sms", verified.GetProperty("method").GetString());
        Assert.Equal("acme", verified.GetProperty("tenant").GetString());
        Assert.Equal(WeirdUser, verified.GetProperty("userId").GetString());

        var delete = await server.Client.DeleteAsync(query);
        Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await server.Client.GetAsync(query)).StatusCode);

        AssertNoSecretsLogged(server, code);
    }

    [Fact]
    public async Task Outbox_walkthrough_as_in_the_README()
    {
        await using var server = await LocalServerHost.StartAsync();
        await server.Client.PutAsJsonAsync("api/users?tenant=acme&userId=alice", new { mobile = "+94778888888" });
        var sent = await server.JsonAsync(await server.PostAsync("api/otp/send", new { tenant = "acme", userId = "alice" }));
        var outbox = await server.OutboxAsync(1);
        var code = outbox.Last().GetProperty("code").GetString();
        var wrong = await server.JsonAsync(await server.PostAsync("api/otp/verify", new { challengeId = sent.GetProperty("challengeId").GetString(), code = ServiceHarness.Wrong(code) }));
        Assert.Equal("invalid_code", wrong.GetProperty("status").GetString());
        Assert.Equal(2, wrong.GetProperty("attemptsRemaining").GetInt32());
        var verified = await server.JsonAsync(await server.PostAsync("api/otp/verify", new { challengeId = sent.GetProperty("challengeId").GetString(), code }));
        Assert.Equal("verified", verified.GetProperty("status").GetString());

        var health = await server.Client.GetAsync("api/health");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal("healthy", (await server.JsonAsync(health)).GetProperty("checks").GetProperty("tables").GetString());
    }

    [Fact]
    public async Task Backup_codes_over_http_import_wso2_claim_generate_and_unlock()
    {
        await using var server = await LocalServerHost.StartAsync();
        const string user = "api/users/backup-codes?tenant=acme&userId=bob";
        await AssertProblemAsync(server, await server.PostAsync(user, new { }), 404, "user_not_found");
        await server.Client.PutAsJsonAsync("api/users?tenant=acme&userId=bob", new { mobile = "+94778888888", smsOtpDisabled = false });

        var imported = await server.Client.PutAsJsonAsync(user, new { codes = "123456,234567, 345678" });
        Assert.Equal(3, (await server.JsonAsync(imported)).GetProperty("backupCodesRemaining").GetInt32());
        await AssertProblemAsync(server, await server.Client.PutAsJsonAsync(user, new { codes = new object[] { 1, 2 } }), 400, "validation_failed");
        await AssertProblemAsync(server, await server.Client.PutAsJsonAsync(user, new { codes = "12;34" }), 400, "validation_failed");

        var generated = await server.JsonAsync(await server.PostAsync(user, new { }));
        var codes = generated.GetProperty("codes").EnumerateArray().Select(c => c.GetString()!).ToList();
        Assert.Equal(10, codes.Count);
        var profile = await server.JsonAsync(await server.Client.GetAsync("api/users?tenant=acme&userId=bob"));
        Assert.Equal(10, profile.GetProperty("backupCodesRemaining").GetInt32());

        var sent = await server.JsonAsync(await server.PostAsync("api/otp/send", new { tenant = "acme", userId = "bob" }));
        var verified = await server.JsonAsync(await server.PostAsync("api/otp/verify", new { challengeId = sent.GetProperty("challengeId").GetString(), code = codes[5] }));
        Assert.Equal("backup_code", verified.GetProperty("method").GetString());

        var unlocked = await server.JsonAsync(await server.PostAsync("api/users/unlock?tenant=acme&userId=bob", new { }));
        Assert.Equal(0, unlocked.GetProperty("failedAttempts").GetInt32());
        AssertNoSecretsLogged(server, codes[0]);
    }

    [Theory]
    [InlineData("api/otp/send", "{\"tenant\":\"acme\",\"userId\":12}", 400, "validation_failed")]
    [InlineData("api/otp/send", "{\"tenant\":\"bad tenant\",\"userId\":\"a\"}", 400, "validation_failed")]
    [InlineData("api/otp/send", "{\"userId\":\"\"}", 400, "validation_failed")]
    [InlineData("api/otp/send", "{\"userId\":\"a\\u0000b\"}", 400, "validation_failed")]
    [InlineData("api/otp/send", "[1,2]", 400, "validation_failed")]
    [InlineData("api/otp/send", "{\"userId\":", 400, "validation_failed")]
    [InlineData("api/otp/send", "", 400, "validation_failed")]
    [InlineData("api/otp/verify", "{\"challengeId\":\"x\"}", 400, "validation_failed")]
    [InlineData("api/otp/verify", "{\"challengeId\":\"x\",\"code\":\"123456\"}", 404, "challenge_not_found")]
    [InlineData("api/otp/mobile", "{\"challengeId\":\"x\",\"mobile\":\"+94778888888\"}", 404, "challenge_not_found")]
    [InlineData("api/otp/resend", "{\"challengeId\":true}", 400, "validation_failed")]
    [InlineData("api/otp/nothing", "{}", 404, "not_found")]
    [InlineData("api/otp/verify", "{\"challengeId\":\"!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\",\"code\":\"1\"}", 404, "challenge_not_found")]
    [InlineData("api/otp/resend", "{\"challengeId\":\"*******************************************\"}", 404, "challenge_not_found")]
    [InlineData("api/otp/mobile", "{\"challengeId\":\"ZTZtN1S1uOQni6E81hAluAM1tlTI-nGarmZ1ql2Aps=\",\"mobile\":\"+94778888888\"}", 404, "challenge_not_found")]
    public async Task Malformed_requests_get_problem_json_and_store_nothing(string path, string body, int status, string code)
    {
        await using var server = await LocalServerHost.StartAsync();
        var response = await server.Client.PostAsync(path, new StringContent(body, Encoding.UTF8, "application/json"));
        await AssertProblemAsync(server, response, status, code);
        await AssertNothingStoredAsync(server);
    }

    [Fact]
    public async Task Oversized_and_non_json_bodies_are_refused()
    {
        await using var server = await LocalServerHost.StartAsync();
        var huge = "{\"tenant\":\"acme\",\"userId\":\"" + new string('a', 70_000) + "\"}";
        await AssertProblemAsync(server, await server.Client.PostAsync("api/otp/send", new StringContent(huge, Encoding.UTF8, "application/json")), 413, "payload_too_large");
        await AssertProblemAsync(server, await server.Client.PostAsync("api/otp/send", new StringContent("userId=a", Encoding.UTF8, "application/x-www-form-urlencoded")), 415, "unsupported_media_type");
        var bad = new ByteArrayContent([(byte)'{', (byte)'"', 0xC3, 0x28, (byte)'"', (byte)':', (byte)'1', (byte)'}']);
        bad.Headers.ContentType = new("application/json");
        await AssertProblemAsync(server, await server.Client.PostAsync("api/otp/send", bad), 400, "validation_failed");
        await AssertProblemAsync(server, await server.Client.GetAsync("api/users?userId=a&userId=b"), 400, "validation_failed");
        await AssertProblemAsync(server, await server.Client.GetAsync("api/users"), 400, "validation_failed");
        await AssertNothingStoredAsync(server);
    }

    [Fact]
    public async Task LocalApiKey_is_required_when_set_except_for_health()
    {
        await using var server = await LocalServerHost.StartAsync(new Dictionary<string, string?> { ["SmsOtp:LocalApiKey"] = "s3cret" });
        await AssertProblemAsync(server, await server.PostAsync("api/otp/send", new { userId = "a" }), 401, "unauthorized");
        Assert.Equal(HttpStatusCode.OK, (await server.Client.GetAsync("api/health")).StatusCode);

        using var request = new HttpRequestMessage(HttpMethod.Post, "api/otp/send") { Content = JsonContent.Create(new { userId = "a" }) };
        request.Headers.Add("x-functions-key", "s3cret");
        var ok = await server.Client.SendAsync(request);
        Assert.Equal("skipped", (await server.JsonAsync(ok)).GetProperty("status").GetString());
    }

    private static async Task AssertProblemAsync(LocalServerHost server, HttpResponseMessage response, int status, string code)
    {
        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        var problem = await server.JsonAsync(response);
        Assert.Equal(code, problem.GetProperty("code").GetString());
        Assert.Equal(status, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("title").GetString()));
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("detail").GetString()));
    }

    private static async Task AssertNothingStoredAsync(LocalServerHost server)
    {
        var table = new Azure.Data.Tables.TableClient(await SharedAzurite.ConnectionStringAsync(), server.Table);
        Assert.Empty(await table.QueryAsync<Azure.Data.Tables.TableEntity>().ToListAsync());
        var queue = new Azure.Storage.Queues.QueueClient(await SharedAzurite.ConnectionStringAsync(), server.Queue);
        Assert.Empty((await queue.PeekMessagesAsync(10)).Value);
    }

    private static void AssertNoSecretsLogged(LocalServerHost server, string code)
    {
        foreach (var record in server.Logs.GetSnapshot())
        {
            var text = record.Message + " " + record.Exception + " " + string.Join(" ", record.StructuredState?.Select(kv => kv.Value) ?? []);
            Assert.DoesNotContain("778888888", text, StringComparison.Ordinal);
            Assert.DoesNotContain(code, text, StringComparison.Ordinal);
            Assert.DoesNotContain("k&y=1", text, StringComparison.Ordinal);
        }
    }

    private static async Task<T> WaitForAsync<T>(Func<T?> probe)
        where T : class
    {
        for (var i = 0; i < 400; i++)
        {
            if (probe() is { } value)
            {
                return value;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException("The provider stub received nothing.");
    }
}
