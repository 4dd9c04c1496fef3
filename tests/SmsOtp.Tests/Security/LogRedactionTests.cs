using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging.Testing;

namespace SmsOtp.Tests.Security;

/// <summary>
/// Every log record of full flows (success, wrong codes, lock, backup codes, provider failures ending in
/// the poison queue, refusals, erasure) holds no code, no backup code and no full mobile number in any
/// format: not in messages, not in structured values, not in scopes, not in exception text.
/// </summary>
public sealed class LogRedactionTests
{
    private const string GoodNational = "0778888888";
    private const string GoodE164 = "+94778888888";
    private const string BadE164 = "+94771111111";

    [Fact]
    public async Task Full_flows_log_no_code_no_backup_code_and_no_full_number()
    {
        using var provider = WireMockServer.Start();
        provider.Given(Request.Create().WithPath(new WireMock.Matchers.WildcardMatcher("/sms/*")).UsingPost().WithBody(b => b != null && b.Contains("94771111111", StringComparison.Ordinal)))
            .AtPriority(1)
            .RespondWith(Response.Create().WithStatusCode(400).WithBody($"{{\"error\":\"cannot deliver to {BadE164}\",\"to\":\"{BadE164}\"}}"));
        provider.Given(Request.Create().WithPath(new WireMock.Matchers.WildcardMatcher("/sms/*")).UsingPost()).AtPriority(2)
            .RespondWith(Response.Create().WithStatusCode(200).WithBody("{\"status\":\"queued\"}"));

        await using var server = await LocalServerHost.StartAsync(new Dictionary<string, string?>
        {
            ["SmsOtp:DefaultRegion"] = "LK",
            ["SmsOtp:AlphanumericToken"] = "true",
            ["SmsOtp:TokenLength"] = "8",
            ["SmsOtp:ResendCooldownSeconds"] = "0",
            ["SmsOtp:AccountLock:MaxFailedAttempts"] = "3",
            ["SmsOtp:Providers:0:Name"] = "wiremock",
            ["SmsOtp:Providers:0:Url"] = provider.Url + "/sms/$ctx.num?otp=$ctx.otp",
            ["SmsOtp:Providers:0:Method"] = "POST",
            ["SmsOtp:Providers:0:Headers"] = "Content-Type: application/json",
            ["SmsOtp:Providers:0:Payload"] = "{\"to\":\"$ctx.num\",\"text\":\"$ctx.msg\"}",
            ["SmsOtp:Providers:0:TimeoutSeconds"] = "5",

            // Everything, from every library: the app's appsettings.json quiets some categories.
            ["Logging:LogLevel:Default"] = "Trace",
            ["Logging:LogLevel:Microsoft"] = "Trace",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Trace",
            ["Logging:LogLevel:Azure"] = "Trace",
            ["Logging:LogLevel:Azure.Core"] = "Trace",
            ["Logging:LogLevel:System.Net.Http"] = "Trace",
        }, builder => builder.Services.AddSingleton(new QueueHostSettings(2, TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(200), 16)));
        var c = server.Client;
        var secrets = new List<string>();

        async Task<JsonElement> Ok(Task<HttpResponseMessage> call)
        {
            var response = await call;
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.IsSuccessStatusCode, text);
            return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
        }

        async Task<(string Id, string Code)> SendAsync(string userId)
        {
            var before = provider.LogEntries.Count();
            var sent = await Ok(c.PostAsJsonAsync("api/otp/send", new { tenant = "acme", userId }));
            Assert.Equal("sent", sent.GetProperty("status").GetString());
            var deadline = DateTime.UtcNow.AddSeconds(15);
            while (provider.LogEntries.Count() <= before && DateTime.UtcNow < deadline)
            {
                await Task.Delay(20);
            }

            var body = JsonDocument.Parse(provider.LogEntries.Last().RequestMessage.Body!).RootElement;
            var code = Regex.Match(body.GetProperty("text").GetString()!, "[A-Z0-9]{8}$").Value;
            Assert.NotEmpty(code);
            secrets.Add(code);
            return (sent.GetProperty("challengeId").GetString()!, code);
        }

        Task<JsonElement> Verify(string id, string code) => Ok(c.PostAsJsonAsync("api/otp/verify", new { challengeId = id, code }));

        // Profile in national format, backup codes, a wrong code then the right one.
        await Ok(c.PutAsJsonAsync("api/users?tenant=acme&userId=alice", new { mobile = GoodNational }));
        var backup = await Ok(c.PostAsync("api/users/backup-codes?tenant=acme&userId=alice", null));
        var backupCodes = backup.GetProperty("codes").EnumerateArray().Select(x => x.GetString()!).ToList();
        secrets.AddRange(backupCodes);
        var (id, code) = await SendAsync("alice");
        Assert.Equal("invalid_code", (await Verify(id, "ZZZZ9999")).GetProperty("status").GetString());
        Assert.Equal("verified", (await Verify(id, code.ToLowerInvariant())).GetProperty("status").GetString());

        // A resend, then a backup code.
        (id, _) = await SendAsync("alice");
        await Ok(c.PostAsJsonAsync("api/otp/resend", new { challengeId = id }));
        Assert.Equal("verified", (await Verify(id, backupCodes[3])).GetProperty("status").GetString());

        // Wrong codes to a lock, a refused send while locked, an unlock.
        (id, _) = await SendAsync("alice");
        for (var i = 0; i < 3; i++)
        {
            await Verify(id, backupCodes[0][..7] + (backupCodes[0][7] == '0' ? "1" : "0")); // a near miss, never the code itself
        }

        Assert.Equal(HttpStatusCode.Locked, (await c.PostAsJsonAsync("api/otp/send", new { tenant = "acme", userId = "alice" })).StatusCode);
        await Ok(c.PostAsync("api/users/unlock?tenant=acme&userId=alice", null));

        // A provider that refuses with the number in its answer, until the message is poisoned (a definite
        // refusal on every dequeue; a transient failure would be retried for the code's lifetime instead).
        await Ok(c.PutAsJsonAsync("api/users?tenant=acme&userId=bob", new { mobile = BadE164.Replace("+94", "94 ", StringComparison.Ordinal) }));
        var failed = await Ok(c.PostAsJsonAsync("api/otp/send", new { tenant = "acme", userId = "bob" }));
        // Wait for the poison queue rather than polling verify: each wrong verify would count towards a lock.
        var poison = new Azure.Storage.Queues.QueueClient(await SharedAzurite.ConnectionStringAsync(), server.Queue + "-poison");
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while ((await poison.PeekMessagesAsync(1)).Value.Length == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        var status = await Verify(failed.GetProperty("challengeId").GetString()!, "AAAA1111");
        Assert.Equal("delivery_failed", status.GetProperty("status").GetString());
        foreach (var entry in provider.LogEntries.Where(e => e.RequestMessage.Body!.Contains("94771111111", StringComparison.Ordinal)))
        {
            secrets.Add(Regex.Match(JsonDocument.Parse(entry.RequestMessage.Body!).RootElement.GetProperty("text").GetString()!, "[A-Z0-9]{8}$").Value);
        }

        // Refusals that carry a number, opt-out, erasure.
        Assert.Equal(HttpStatusCode.BadRequest, (await c.PutAsJsonAsync("api/users?tenant=acme&userId=carol", new { mobile = GoodE164 + "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await c.PutAsync("api/users?tenant=acme&userId=carol",
            new StringContent("{\"mobile\":\"" + GoodE164 + "\",", System.Text.Encoding.UTF8, "application/json"))).StatusCode);
        await Ok(c.PutAsJsonAsync("api/users?tenant=acme&userId=bob", new { smsOtpDisabled = true }));
        await Ok(c.DeleteAsync("api/users?tenant=acme&userId=alice"));

        var records = server.Logs.GetSnapshot();
        Assert.Contains(records, r => (r.Category ?? "").StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal));
        Assert.Contains(records, r => (r.Category ?? "").StartsWith("System.Net.Http.HttpClient." + ProviderChain.HttpClientName, StringComparison.Ordinal)
            || (r.Category ?? "").StartsWith("Azure", StringComparison.Ordinal));
        var forbidden = new[] { GoodE164, GoodE164[1..], GoodNational, GoodE164[3..], BadE164, BadE164[1..], "0" + BadE164[3..], BadE164[3..] };
        var leaks = new List<string>();
        foreach (var record in records)
        {
            foreach (var text in Texts(record))
            {
                leaks.AddRange(forbidden.Where(f => text.Contains(f, StringComparison.Ordinal)).Select(f => $"number {f} in [{record.Category}] {text}"));
                leaks.AddRange(secrets.Where(s => Regex.IsMatch(text, $"(?<![A-Za-z0-9]){s}(?![A-Za-z0-9])", RegexOptions.IgnoreCase))
                    .Select(s => $"code in [{record.Category}] {text}"));
            }
        }

        Assert.True(leaks.Count == 0, string.Join('\n', leaks.Take(10)));

        // Numbers do appear, masked, so operators can still tell them apart.
        Assert.Contains(records, r => r.Message.Contains("+*******8888", StringComparison.Ordinal));
        Assert.Contains(records, r => r.Message.Contains("+*******1111", StringComparison.Ordinal));
        Assert.True(secrets.Count >= 14);
    }

    /// <summary>Every piece of text a log sink could receive from a record.</summary>
    private static IEnumerable<string> Texts(FakeLogRecord record)
    {
        yield return record.Message;
        if (record.Exception is { } e)
        {
            yield return e.ToString();
        }

        foreach (var pair in record.StructuredState ?? [])
        {
            yield return pair.Key + "=" + pair.Value;
        }

        foreach (var scope in record.Scopes)
        {
            if (scope is IEnumerable<KeyValuePair<string, object?>> values)
            {
                foreach (var pair in values)
                {
                    yield return pair.Key + "=" + pair.Value;
                }
            }
            else if (scope is not null)
            {
                yield return scope.ToString() ?? string.Empty;
            }
        }
    }
}
