namespace SmsOtp.Tests.Delivery;

/// <summary>
/// End to end on the real local server (its queue listener has the Functions trigger's host.json
/// semantics): when every provider keeps refusing, each dequeue fails over, and after maxDequeueCount the
/// message lands in &lt;queue&gt;-poison and the app is told <c>delivery_failed</c>. (Transient failures are
/// retried for the code's lifetime instead: <c>Providers/ProviderFaultTests</c>.)
/// </summary>
public sealed class PoisonTests
{
    [Fact]
    public async Task Always_refusing_providers_poison_the_message_after_maxDequeueCount_and_verify_reports_delivery_failed()
    {
        using var first = WireMockServer.Start();
        using var second = WireMockServer.Start();
        first.Given(Request.Create().UsingPost()).RespondWith(Response.Create().WithStatusCode(400));
        second.Given(Request.Create().UsingPost()).RespondWith(Response.Create().WithStatusCode(403));
        const int maxDequeueCount = 3;
        await using var server = await LocalServerHost.StartAsync(new Dictionary<string, string?>
        {
            ["SmsOtp:Delivery:RetryCount"] = "1",
            ["SmsOtp:Delivery:RetryBaseDelayMilliseconds"] = "1",
            ["SmsOtp:Delivery:RetryMaxDelayMilliseconds"] = "5",
            ["SmsOtp:Providers:0:Name"] = "first",
            ["SmsOtp:Providers:0:Url"] = first.Url + "/send",
            ["SmsOtp:Providers:0:Payload"] = "to=$ctx.num&text=$ctx.msg",
            ["SmsOtp:Providers:1:Name"] = "second",
            ["SmsOtp:Providers:1:Url"] = second.Url + "/send",
            ["SmsOtp:Providers:1:Payload"] = "{\"to\":\"$ctx.num\",\"text\":\"$ctx.msg\"}",
        }, builder => builder.Services.AddSingleton(new QueueHostSettings(maxDequeueCount, TimeSpan.Zero, TimeSpan.FromMilliseconds(200), 16)));

        var put = await server.Client.PutAsync("api/users?tenant=acme&userId=alice",
            new StringContent("{\"mobile\":\"+94778888888\"}", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        var sent = await server.JsonAsync(await server.PostAsync("api/otp/send", new { tenant = "acme", userId = "alice" }));
        Assert.Equal("sent", sent.GetProperty("status").GetString());
        var challengeId = sent.GetProperty("challengeId").GetString();

        var poison = new QueueClient(await SharedAzurite.ConnectionStringAsync(), server.Queue + "-poison",
            new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        var poisoned = await WaitForAsync(async () => (await poison.PeekMessagesAsync(1)).Value.FirstOrDefault());
        var message = JsonSerializer.Deserialize<DeliveryMessage>(poisoned.MessageText)!;
        Assert.Equal(1, message.CodeVersion);

        // Each dequeue: one request per provider (a refusal is not retried), then the next provider.
        Assert.Equal(maxDequeueCount, first.LogEntries.Count());
        Assert.Equal(maxDequeueCount, second.LogEntries.Count());

        var verify = await server.JsonAsync(await server.PostAsync("api/otp/verify", new { challengeId, code = "000000" }));
        Assert.Equal("delivery_failed", verify.GetProperty("status").GetString());
        var resend = await server.PostAsync("api/otp/resend", new { challengeId });
        Assert.Equal(HttpStatusCode.Conflict, resend.StatusCode);
        Assert.Equal("delivery_failed", (await server.JsonAsync(resend)).GetProperty("code").GetString());

        // Nothing about the number or the SMS text reached the logs.
        var logs = string.Join("\n", server.Logs.GetSnapshot().Select(r => r.Message));
        Assert.DoesNotContain("8888888", logs, StringComparison.Ordinal);
        Assert.DoesNotContain("Verification Code", logs, StringComparison.Ordinal);
    }

    private static async Task<T> WaitForAsync<T>(Func<Task<T?>> probe)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            if (await probe() is { } value)
            {
                return value;
            }

            Assert.True(DateTime.UtcNow < deadline, "Timed out waiting.");
            await Task.Delay(100);
        }
    }
}
