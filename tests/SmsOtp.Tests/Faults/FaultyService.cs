using System.Text.RegularExpressions;

namespace SmsOtp.Tests.Faults;

/// <summary>
/// The real local server behind a <see cref="StorageFaultProxy"/> (its own table and queue), with a WireMock
/// provider (JSON payload <c>{"to","text"}</c> at <c>/sms</c>) or the development outbox, for fault tests.
/// </summary>
public sealed partial class FaultyService : IAsyncDisposable
{
    private FaultyService(StorageFaultProxy proxy, LocalServerHost server, WireMockServer? provider, string table, string queue)
    {
        Proxy = proxy;
        Server = server;
        Provider = provider;
        Table = table;
        Queue = queue;
    }

    public StorageFaultProxy Proxy { get; }
    public LocalServerHost Server { get; }
    public WireMockServer? Provider { get; }
    public string Table { get; }
    public string Queue { get; }
    public HttpClient Client => Server.Client;

    /// <param name="provider">Null: no provider (the development outbox).</param>
    public static async Task<FaultyService> StartAsync(WireMockServer? provider, IDictionary<string, string?>? settings = null,
        Action<Microsoft.AspNetCore.Builder.WebApplicationBuilder>? configure = null, StorageFaultProxy? proxy = null, (string Table, string Queue)? names = null)
    {
        proxy ??= await StorageFaultProxy.StartOnSharedAzuriteAsync();
        var (table, queue) = names ?? TestNames.Next();
        var values = new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = proxy.ConnectionString,
            ["SmsOtp:Storage:UsersTable"] = table,
            ["SmsOtp:Storage:FraudGuardTable"] = table.Replace("users", "fraudguard", StringComparison.Ordinal), // the fraud guard's shared counts, per test like the users table
            ["SmsOtp:Storage:DeliveryQueue"] = queue,
            ["SmsOtp:Storage:TimeoutSeconds"] = "2",
            ["SmsOtp:RateLimits:SendsPerNumberPerHour"] = "0",
            ["SmsOtp:RateLimits:SendsPerUserPerHour"] = "0",
        };
        if (provider is not null)
        {
            values["SmsOtp:Providers:0:Name"] = "wiremock";
            values["SmsOtp:Providers:0:Url"] = provider.Url + "/sms";
            values["SmsOtp:Providers:0:Payload"] = "{\"to\":\"$ctx.num\",\"text\":\"$ctx.msg\"}";
        }

        foreach (var (k, v) in settings ?? new Dictionary<string, string?>())
        {
            values[k] = v;
        }

        var server = await LocalServerHost.StartAsync(values, configure);
        return new FaultyService(proxy, server, provider, table, queue);
    }

    public async Task CreateUserAsync(string userId, string mobile)
    {
        using var response = await Client.PutAsync($"api/users?tenant=acme&userId={userId}", HttpAsserts.Json($$"""{"mobile":"{{mobile}}"}"""));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    public async Task<string> SendAsync(string userId)
    {
        var body = await Server.JsonAsync(await Server.PostAsync("api/otp/send", new { tenant = "acme", userId }));
        Assert.Equal("sent", body.GetProperty("status").GetString());
        return body.GetProperty("challengeId").GetString()!;
    }

    public async Task<string> VerifyAsync(string challengeId, string code) =>
        (await Server.JsonAsync(await Server.PostAsync("api/otp/verify", new { challengeId, code }))).GetProperty("status").GetString()!;

    /// <summary>The provider requests that carried <paramref name="number"/>, with their codes, in order.</summary>
    public IReadOnlyList<string> CodesSentTo(string number) =>
        [.. Provider!.LogEntries
            .Where(e => e.RequestMessage.Body is { } b && b.Contains(number, StringComparison.Ordinal))
            .Select(e => CodeIn(JsonDocument.Parse(e.RequestMessage.Body!).RootElement.GetProperty("text").GetString()!))];

    /// <summary>Like <see cref="CodesSentTo"/>, only the requests the provider answered with 2xx.</summary>
    public IReadOnlyList<string> CodesAcceptedFor(string number) =>
        [.. Provider!.LogEntries
            .Where(e => e.RequestMessage.Body is { } b && b.Contains(number, StringComparison.Ordinal) && e.ResponseMessage.StatusCode is int s && s is >= 200 and < 300)
            .Select(e => CodeIn(JsonDocument.Parse(e.RequestMessage.Body!).RootElement.GetProperty("text").GetString()!))];

    public static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "Timed out waiting for " + what);
            await Task.Delay(100);
        }
    }

    public static Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout, string what) =>
        WaitUntilAsync(() => Task.FromResult(condition()), timeout, what);

    public async ValueTask DisposeAsync()
    {
        // Storage must answer for the server to stop promptly.
        Proxy.SetFault(StorageFault.Pass);
        await Server.DisposeAsync();
        await Proxy.DisposeAsync();
    }

    private static string CodeIn(string text) => CodePattern().Match(text).Value;

    [GeneratedRegex("[0-9]{6}$")]
    private static partial Regex CodePattern();
}
