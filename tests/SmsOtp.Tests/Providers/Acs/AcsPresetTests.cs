using System.Collections.Concurrent;
using System.Globalization;
using Azure.Core;
using SmsOtp.Tests.Delivery;

namespace SmsOtp.Tests.Providers.Acs;

/// <summary>
/// The <c>acs</c> preset (spec §14) through the real provider chain against a fake ACS endpoint that verifies the HMAC
/// signature or the bearer token: what it sends (from, to, message, repeatability stable across retries, the tag), how
/// each answer is classified, and a lost answer retried without a second SMS.
/// </summary>
public sealed class AcsPresetTests
{
    private static readonly DateTimeOffset FirstQueued = new(2026, 12, 7, 6, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task An_hmac_signed_send_is_accepted_with_the_documented_body()
    {
        using var acs = AcsEndpoint.Start();
        await using var services = Services(acs, hmac: true);
        var sms = Sms("ref-one");

        var result = await services.GetRequiredService<ProviderChain>().SendAsync(sms, CancellationToken.None);

        Assert.True(result.Accepted, string.Join("; ", result.Failures));
        Assert.Equal("Outgoing_1", result.MessageId);
        Assert.True(result.ReceiptsExpected);
        var entry = Assert.Single(acs.Server.LogEntries);
        Assert.Equal("/sms", entry.RequestMessage.Path);
        Assert.Equal("2021-03-07", entry.RequestMessage.Query!["api-version"].Single());
        var body = JsonDocument.Parse(DeliveryKit.Body(entry)).RootElement;
        Assert.Equal("+18005550100", body.GetProperty("from").GetString());
        Assert.Equal("Your code is 123456", body.GetProperty("message").GetString());
        var recipient = Assert.Single(body.GetProperty("smsRecipients").EnumerateArray());
        Assert.Equal(DeliveryKit.Mobile, recipient.GetProperty("to").GetString());
        Assert.True(Guid.TryParse(recipient.GetProperty("repeatabilityRequestId").GetString(), out _));
        Assert.Equal("Mon, 07 Dec 2026 06:00:00 GMT", recipient.GetProperty("repeatabilityFirstSent").GetString());
        Assert.True(body.GetProperty("smsSendOptions").GetProperty("enableDeliveryReport").GetBoolean());
        Assert.Equal("ref-one", body.GetProperty("smsSendOptions").GetProperty("tag").GetString());

        // Neither the code nor the number is in the repeatability id or the tag.
        var id = recipient.GetProperty("repeatabilityRequestId").GetString()!;
        Assert.DoesNotContain("123456", id.Replace("-", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Equal(AcsRepeatability.RequestIdFor("acs", "ref-one"), id);
    }

    [Fact]
    public async Task The_verifier_refuses_a_signature_over_another_string_to_sign()
    {
        // The fake endpoint's check is not a formality: the service's own signature over a different path, host, date or
        // hash does not pass it.
        using var acs = AcsEndpoint.Start();
        var date = DateTimeOffset.UtcNow.ToString("R", CultureInfo.InvariantCulture);
        var host = new Uri(acs.Url).Authority;
        var hash = Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData("{}"u8));
        var key = Convert.FromBase64String(AcsEndpoint.AccessKey);
        var right = AcsHmacPolicy.Signature(key, "POST", "/sms?api-version=2021-03-07", date, host, hash);
        Assert.Equal(AcsEndpoint.ExpectedAuthorization("POST", "/sms?api-version=2021-03-07", date, host, hash),
            "HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature=" + right);
        foreach (var wrong in new[]
                 {
                     AcsHmacPolicy.Signature(key, "POST", "/sms", date, host, hash),
                     AcsHmacPolicy.Signature(key, "POST", "/sms?api-version=2021-03-07", date, "contoso.communication.azure.com", hash),
                     AcsHmacPolicy.Signature(key, "GET", "/sms?api-version=2021-03-07", date, host, hash),
                     AcsHmacPolicy.Signature(key, "POST", "/sms?api-version=2021-03-07", date, host, Convert.ToBase64String(new byte[32])),
                 })
        {
            using var http = new HttpClient();
            using var request = new HttpRequestMessage(HttpMethod.Post, acs.Url + "/sms?api-version=2021-03-07") { Content = new StringContent("{}") };
            request.Headers.TryAddWithoutValidation("x-ms-date", date);
            request.Headers.TryAddWithoutValidation("x-ms-content-sha256", hash);
            request.Headers.TryAddWithoutValidation("Authorization", "HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature=" + wrong);
            using var response = await http.SendAsync(request);
            Assert.Equal(401, (int)response.StatusCode);
        }

        Assert.Empty(acs.Sent);
    }

    [Fact]
    public async Task A_wrong_access_key_is_a_configuration_fault_not_a_retry()
    {
        using var acs = AcsEndpoint.Start();
        await using var services = Services(acs, hmac: true, new()
        {
            ["SmsOtp:Secrets:acs-connection"] = "endpoint=https://contoso.communication.azure.com/;accesskey=" + Convert.ToBase64String(new byte[32]),
        });

        var result = await services.GetRequiredService<ProviderChain>().SendAsync(Sms("ref-key"), CancellationToken.None);

        Assert.False(result.Accepted);
        Assert.False(result.Transient);
        Assert.Contains("acs: Rejected auth-401", result.Failures);
        Assert.Single(acs.Server.LogEntries); // not retried
        Assert.Contains("a configuration fault", DeliveryKit.LogText(services), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Managed_identity_sends_a_bearer_token_for_the_acs_scope()
    {
        using var acs = AcsEndpoint.Start(https: true, bearerToken: "token-for-acs");
        var credential = new TestCredential("token-for-acs");
        await using var services = Services(acs, hmac: false, configure: s => s.AddSingleton(new AcsCredentials(_ => credential)));

        var result = await services.GetRequiredService<ProviderChain>().SendAsync(Sms("ref-mi"), CancellationToken.None);

        Assert.True(result.Accepted, string.Join("; ", result.Failures));
        Assert.Equal(["https://communication.azure.com//.default"], Assert.Single(credential.Scopes.Distinct(new ScopeComparer())));
        Assert.Single(acs.Sent);
    }

    [Fact]
    public async Task A_token_for_another_scope_or_identity_is_refused_as_a_configuration_fault()
    {
        using var acs = AcsEndpoint.Start(https: true, bearerToken: "token-for-acs");
        await using var services = Services(acs, hmac: false, configure: s => s.AddSingleton(new AcsCredentials(_ => new TestCredential("another-token"))));

        var result = await services.GetRequiredService<ProviderChain>().SendAsync(Sms("ref-mi2"), CancellationToken.None);

        Assert.Contains("acs: Rejected auth-401", result.Failures);
        Assert.Empty(acs.Sent);
    }

    public static TheoryData<int, string, string?, string, string?> Answers() => new()
    {
        // status, body, Retry-After, the chain's verdict, the error code
        { 202, AcsEndpoint.Success("Outgoing_9"), null, "Accepted", null },
        { 202, AcsEndpoint.Failure(400, "Invalid To phone number format."), null, "Rejected", "400" },
        { 202, AcsEndpoint.Failure(400, "Message sending failed: the recipient has opted out (sender blocked for given recipient)."), null, "Rejected", AcsAnswers.OptedOut },
        { 202, AcsEndpoint.Failure(429, "Too many requests."), null, "Transient", "429" },
        { 202, AcsEndpoint.Failure(500, "Internal error."), null, "Transient", "500" },
        { 202, AcsEndpoint.Failure(409, "The original request is still being processed.", "accepted"), null, "Accepted", null },
        { 202, AcsEndpoint.Failure(409, "Conflict.", "rejected"), null, "Rejected", "409" },
        { 429, "{\"error\":{\"code\":\"TooManyRequests\",\"message\":\"Rate limit.\"}}", "7", "Transient", "TooManyRequests" },
        { 503, "", null, "Transient", "503" },
        { 403, "{\"error\":{\"code\":\"Forbidden\",\"message\":\"No role.\"}}", null, "Rejected", "auth-403" },
        { 412, "{\"error\":{\"code\":\"PreconditionFailed\",\"message\":\"Repeatability first sent outside the window.\"}}", null, "Rejected", "PreconditionFailed" },
        { 400, "{\"error\":{\"code\":\"InvalidFrom\",\"message\":\"The from number is not owned by the resource.\"}}", null, "Rejected", "InvalidFrom" },
    };

    [Theory]
    [MemberData(nameof(Answers))]
    public async Task Each_answer_is_classified(int status, string body, string? retryAfter, string verdict, string? code)
    {
        using var acs = AcsEndpoint.Start();
        acs.Answer = _ => (status, body, retryAfter);
        await using var services = Services(acs, hmac: true, new() { ["SmsOtp:Delivery:RetryCount"] = "0" });

        var result = await services.GetRequiredService<ProviderChain>().SendAsync(Sms("ref-answer"), CancellationToken.None);

        switch (verdict)
        {
            case "Accepted":
                Assert.True(result.Accepted, string.Join("; ", result.Failures));
                break;
            case "Transient":
                Assert.False(result.Accepted);
                Assert.True(result.Transient);
                Assert.Equal($"acs: Transient {code}", Assert.Single(result.Failures));
                if (retryAfter is not null)
                {
                    Assert.Equal(TimeSpan.FromSeconds(int.Parse(retryAfter, CultureInfo.InvariantCulture)), result.RetryAfter);
                }

                break;
            default:
                Assert.False(result.Accepted);
                Assert.False(result.Transient);
                Assert.Equal($"acs: Rejected {code}", Assert.Single(result.Failures));
                break;
        }
    }

    [Fact]
    public async Task A_retry_after_a_lost_answer_carries_the_same_repeatability_and_sends_one_sms()
    {
        using var acs = AcsEndpoint.Start();
        acs.FirstAnswerDelay = TimeSpan.FromSeconds(3);
        await using var services = Services(acs, hmac: true, new() { ["SmsOtp:Providers:0:TimeoutSeconds"] = "1" });
        var chain = services.GetRequiredService<ProviderChain>();
        var code = Sms("ref-lost");

        var lost = await chain.SendAsync(code, CancellationToken.None);
        var again = await chain.SendAsync(code, CancellationToken.None);

        Assert.False(lost.Accepted);
        Assert.Equal(["acs"], lost.TimedOut);
        Assert.True(again.Accepted, string.Join("; ", again.Failures));
        Assert.Equal("Outgoing_1", again.MessageId); // ACS's record of the first request
        Assert.Single(acs.Sent);
        var recipients = acs.Requests
            .Select(e => e.GetProperty("smsRecipients")[0])
            .Select(r => (r.GetProperty("repeatabilityRequestId").GetString(), r.GetProperty("repeatabilityFirstSent").GetString()))
            .ToList();
        Assert.Equal(2, recipients.Count);
        Assert.Single(recipients.Distinct());

        // Another code (another reference) is another request.
        var other = await chain.SendAsync(Sms("ref-other"), CancellationToken.None);
        Assert.True(other.Accepted);
        Assert.Equal(2, acs.Sent.Count);
    }

    [Fact]
    public async Task Without_delivery_reports_none_are_asked_for_and_no_message_id_is_kept()
    {
        using var acs = AcsEndpoint.Start();
        await using var services = Services(acs, hmac: true, new() { ["SmsOtp:Providers:0:DeliveryReports"] = "false" });

        var result = await services.GetRequiredService<ProviderChain>().SendAsync(Sms("ref-nr"), CancellationToken.None);

        Assert.True(result.Accepted);
        Assert.False(result.ReceiptsExpected);
        var body = JsonDocument.Parse(DeliveryKit.Body(Assert.Single(acs.Server.LogEntries))).RootElement;
        Assert.False(body.GetProperty("smsSendOptions").GetProperty("enableDeliveryReport").GetBoolean());
    }

    [Theory]
    [InlineData(null, null, "Endpoint is required")]
    [InlineData("http://contoso.communication.azure.com", null, "must be https with managed identity")]
    [InlineData("https://contoso.communication.azure.com", "bad name!", "ConnectionStringSecret must name a secret")]
    [InlineData("https://contoso.communication.azure.com", null, null)]
    [InlineData("http://127.0.0.1:1234", "{secret:acs-connection}", null)]
    public void Start_up_checks_the_acs_keys(string? endpoint, string? connectionSecret, string? error)
    {
        var options = new ProviderOptions { Preset = "acs", Endpoint = endpoint, From = "+18005550100", ConnectionStringSecret = connectionSecret };

        var errors = options.Validate("SmsOtp:Providers:0:").ToList();

        if (error is null)
        {
            Assert.Empty(errors);
        }
        else
        {
            Assert.Contains(errors, e => e.Contains(error, StringComparison.Ordinal));
        }
    }

    private static SmsMessage Sms(string reference) =>
        DeliveryKit.Sms(DeliveryKit.Mobile, "Your code is 123456", "123456") with { Reference = reference, FirstAttempt = FirstQueued };

    private static ServiceProvider Services(AcsEndpoint acs, bool hmac, Dictionary<string, string?>? extra = null, Action<IServiceCollection>? configure = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["SmsOtp:Delivery:RetryCount"] = "2",
            ["SmsOtp:Providers:0:Preset"] = "acs",
            ["SmsOtp:Providers:0:Endpoint"] = acs.Url,
            ["SmsOtp:Providers:0:From"] = "+18005550100",
            ["SmsOtp:Secrets:acs-connection"] = AcsEndpoint.ConnectionString,
        };
        if (hmac)
        {
            settings["SmsOtp:Providers:0:ConnectionStringSecret"] = "{secret:acs-connection}";
        }

        foreach (var (k, v) in extra ?? [])
        {
            settings[k] = v;
        }

        return DeliveryKit.ChainServices(settings, services =>
        {
            // WireMock's own certificate, for the https endpoint a bearer token needs.
            services.AddHttpClient(ProviderChain.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true },
            });
            configure?.Invoke(services);
        });
    }

    private sealed class TestCredential(string token) : TokenCredential
    {
        public ConcurrentQueue<string[]> Scopes { get; } = new();

        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken)
        {
            Scopes.Enqueue(requestContext.Scopes);
            return new AccessToken(token, DateTimeOffset.UtcNow.AddHours(1));
        }

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            ValueTask.FromResult(GetToken(requestContext, cancellationToken));
    }

    private sealed class ScopeComparer : IEqualityComparer<string[]>
    {
        public bool Equals(string[]? x, string[]? y) => x is not null && y is not null && x.SequenceEqual(y);

        public int GetHashCode(string[] obj) => string.Join(" ", obj).GetHashCode(StringComparison.Ordinal);
    }
}
