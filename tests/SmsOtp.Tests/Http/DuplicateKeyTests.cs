namespace SmsOtp.Tests.Http;

/// <summary>A body with a key given twice is refused on every JSON route, and nothing is written or queued.</summary>
public sealed class DuplicateKeyTests
{
    [Fact]
    public async Task A_key_given_twice_is_400_validation_failed_on_every_json_route_and_changes_nothing()
    {
        await using var server = await LocalServerHost.StartAsync();
        var c = server.Client;
        Assert.Equal(HttpStatusCode.OK, (await c.PutAsync("api/users?tenant=acme&userId=a", HttpAsserts.Json("""{"mobile":"+94778888888"}"""))).StatusCode);
        var sent = await server.JsonAsync(await server.PostAsync("api/otp/send", new { tenant = "acme", userId = "a" }));
        var id = sent.GetProperty("challengeId").GetString();
        await server.OutboxAsync(1);

        var services = server.Services;
        var table = services.GetRequiredService<TableServiceClient>().GetTableClient(server.Table);
        var queues = services.GetRequiredService<QueueServiceClient>();
        var before = await StorageSnapshot.TakeAsync(table, queues.GetQueueClient(server.Queue), queues.GetQueueClient(server.Queue + "-poison"));

        (string Method, string Path, string Body)[] requests =
        [
            ("POST", "api/otp/send", """{"tenant":"acme","userId":"a","userId":"b"}"""),
            ("POST", "api/otp/mobile", $$"""{"challengeId":"{{id}}","mobile":"+94778888888","mobile":"+94771111111"}"""),
            ("POST", "api/otp/verify", $$"""{"challengeId":"{{id}}","code":"000000","code":"111111"}"""),
            ("POST", "api/otp/resend", $$"""{"challengeId":"{{id}}","challengeId":"{{id}}"}"""),
            ("PUT", "api/users?tenant=acme&userId=a", """{"mobile":"+94778888888","mobile":null}"""),
            ("PUT", "api/users/backup-codes?tenant=acme&userId=a", """{"codes":["12345678"],"codes":"87654321"}"""),
            ("POST", "api/otp/result", """{"result":"x","result":"y"}"""),
            ("POST", "api/otp/send", """{"tenant":"acme","nested":{"k":1,"k":2},"userId":"a"}"""),
        ];
        foreach (var (method, path, body) in requests)
        {
            var response = await c.SendAsync(new HttpRequestMessage(new HttpMethod(method), path) { Content = new StringContent(body, Encoding.UTF8, "application/json") });
            await HttpAsserts.AssertProblemAsync(server, response, HttpStatusCode.BadRequest, ProblemCodes.ValidationFailed);
        }

        var after = await StorageSnapshot.TakeAsync(table, queues.GetQueueClient(server.Queue), queues.GetQueueClient(server.Queue + "-poison"));
        Assert.Equal(before, after);
    }
}
