using System.Net.Http.Json;
using System.Text.RegularExpressions;
using WireMock.Matchers;

namespace SmsOtp.Tests.Telemetry;

/// <summary>
/// A local server with telemetry captured, SMS providers on WireMock (<c>/ok/</c> accepts, <c>/busy/</c> answers
/// 503, <c>/refuse/</c> 400 with the number in its body), and the calls of the flows. Each server gets its own
/// tenant and provider names, so its measurements can be told from those of servers running beside it. The
/// provider URLs carry the number, the code and a secret in path and query, as WSO2 templates may.
/// </summary>
public sealed partial class TelemetryFlows : IAsyncDisposable
{
    public const string Mobile = "+94778888888";
    public const string OtherMobile = "+94771111111";
    public const string Country = "94";
    public const string ApiKey = "sk_live_Tele7metrySecret";

    /// <summary>The end user's address as a proxy forwards it: it must never reach telemetry.</summary>
    public const string ClientAddress = "203.0.113.77";

    private TelemetryFlows(LocalServerHost server, WireMockServer provider, TelemetryCapture capture, string id)
    {
        Server = server;
        Provider = provider;
        Capture = capture;
        Tenant = "tel-" + id;
        Id = id;
    }

    public LocalServerHost Server { get; }
    public WireMockServer Provider { get; }
    public TelemetryCapture Capture { get; }
    public string Tenant { get; }
    public string Id { get; }

    /// <summary>Every code the providers received, for the redaction checks.</summary>
    public List<string> Codes { get; } = [];

    public string ProviderName(string kind) => kind + "-" + Id;

    public string UserId(string name) => $"PRIMARY/{name}.{Id}@example.com";

    /// <param name="providers">The kinds of the configured providers in failover order (<c>ok</c>, <c>busy</c>, <c>refuse</c>).</param>
    public static async Task<TelemetryFlows> StartAsync(string[] providers, IDictionary<string, string?>? extra = null, int maxDequeueCount = 5)
    {
        // Letters only: the checks look for runs of digits.
        var id = string.Concat(Guid.NewGuid().ToByteArray()[..8].Select(b => (char)('a' + (b % 26))));
        var wiremock = WireMockServer.Start();
        wiremock.Given(Request.Create().WithPath(new WildcardMatcher("/ok/*")).UsingPost())
            .RespondWith(Response.Create().WithStatusCode(200).WithBody("{\"status\":\"queued\"}"));
        wiremock.Given(Request.Create().WithPath(new WildcardMatcher("/busy/*")).UsingPost())
            .RespondWith(Response.Create().WithStatusCode(503));
        wiremock.Given(Request.Create().WithPath(new WildcardMatcher("/refuse/*")).UsingPost())
            .RespondWith(Response.Create().WithStatusCode(400).WithBody($"{{\"error\":\"cannot deliver to {OtherMobile}\"}}"));

        var settings = new Dictionary<string, string?>
        {
            ["SmsOtp:AlphanumericToken"] = "true",
            ["SmsOtp:TokenLength"] = "8",
            ["SmsOtp:ResendCooldownSeconds"] = "0",
            ["SmsOtp:AccountLock:MaxFailedAttempts"] = "3",
            ["SmsOtp:Delivery:RetryCount"] = "0",
            ["SmsOtp:Secrets:api-key"] = ApiKey,
            ["SmsOtp:Telemetry:Prometheus"] = "true",
        };
        for (var i = 0; i < providers.Length; i++)
        {
            settings[$"SmsOtp:Providers:{i}:Name"] = providers[i] + "-" + id;
            settings[$"SmsOtp:Providers:{i}:Url"] = wiremock.Url + "/" + providers[i] + "/$ctx.num/$ctx.otp?to=$ctx.num&otp=$ctx.otp&key={secret:api-key}";
            settings[$"SmsOtp:Providers:{i}:Method"] = "POST";
            settings[$"SmsOtp:Providers:{i}:Headers"] = "Content-Type: application/json";
            settings[$"SmsOtp:Providers:{i}:Payload"] = "{\"to\":\"$ctx.num\",\"text\":\"$ctx.msg\"}";
            settings[$"SmsOtp:Providers:{i}:TimeoutSeconds"] = "5";
        }

        foreach (var (k, v) in extra ?? new Dictionary<string, string?>())
        {
            settings[k] = v;
        }

        var capture = new TelemetryCapture();
        var server = await LocalServerHost.StartAsync(settings, builder =>
        {
            capture.Configure(builder);
            builder.Services.AddSingleton(new QueueHostSettings(maxDequeueCount, TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(200), 16));
        });
        capture.Attach(server);
        server.Client.DefaultRequestHeaders.Add("X-Forwarded-For", ClientAddress);
        return new TelemetryFlows(server, wiremock, capture, id);
    }

    public async Task<JsonElement> OkAsync(Task<HttpResponseMessage> call)
    {
        var response = await call;
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    public Task<JsonElement> RegisterAsync(string name, string mobile) =>
        OkAsync(Server.Client.PutAsJsonAsync(UsersPath(name), new { mobile }));

    public string UsersPath(string name, string route = "users") =>
        $"api/{route}?tenant={Tenant}&userId={Uri.EscapeDataString(UserId(name))}";

    public Task<HttpResponseMessage> SendAsync(string name) =>
        Server.Client.PostAsJsonAsync("api/otp/send", new { tenant = Tenant, userId = UserId(name) });

    /// <summary>A send that must answer <c>sent</c>, and the code the provider then received.</summary>
    public async Task<(string ChallengeId, string Code)> SendAndReceiveAsync(string name)
    {
        var before = Accepted();
        var sent = await OkAsync(SendAsync(name));
        Assert.Equal("sent", sent.GetProperty("status").GetString());
        return (sent.GetProperty("challengeId").GetString()!, await NextCodeAsync(before));
    }

    public async Task<string> ResendAndReceiveAsync(string challengeId)
    {
        var before = Accepted();
        var sent = await OkAsync(Server.Client.PostAsJsonAsync("api/otp/resend", new { challengeId }));
        Assert.Equal("sent", sent.GetProperty("status").GetString());
        return await NextCodeAsync(before);
    }

    public async Task<string> VerifyAsync(string challengeId, string code) =>
        (await OkAsync(Server.Client.PostAsJsonAsync("api/otp/verify", new { challengeId, code }))).GetProperty("status").GetString()!;

    /// <summary>Codes a provider was sent (accepted or not): read from the request bodies.</summary>
    public IEnumerable<string> SentCodes() =>
        Provider.LogEntries.Select(e => CodePattern().Match(JsonDocument.Parse(e.RequestMessage.Body!).RootElement.GetProperty("text").GetString()!).Value);

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        Provider.Stop();
        Provider.Dispose();
    }

    private int Accepted() => Provider.LogEntries.Count(e => e.RequestMessage.Path.StartsWith("/ok/", StringComparison.Ordinal));

    private async Task<string> NextCodeAsync(int before)
    {
        await TelemetryCapture.EventuallyAsync(() => Accepted() > before, "the SMS at the provider", 20);
        var entry = Provider.LogEntries.Where(e => e.RequestMessage.Path.StartsWith("/ok/", StringComparison.Ordinal)).Last();
        var code = CodePattern().Match(JsonDocument.Parse(entry.RequestMessage.Body!).RootElement.GetProperty("text").GetString()!).Value;
        Assert.NotEmpty(code);
        Codes.Add(code);
        return code;
    }

    [GeneratedRegex("[A-Z0-9]{8}$")]
    private static partial Regex CodePattern();
}
