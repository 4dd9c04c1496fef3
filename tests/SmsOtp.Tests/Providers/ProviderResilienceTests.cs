using SmsOtp.Tests.Delivery;

namespace SmsOtp.Tests.Providers;

/// <summary>
/// The real provider chain with its Polly pipeline (from the service's own registration) against WireMock
/// fault sequences: retries of transient failures, Retry-After, failover, no retry of definite refusals,
/// provider failure bodies read into error codes, and the circuit breaker.
/// </summary>
public sealed class ProviderResilienceTests
{
    private static readonly SmsMessage Sms = DeliveryKit.Sms(DeliveryKit.Mobile, "Your code is 123456 & more", "123456");

    [Fact]
    public async Task Two_503s_then_200_is_one_accepted_send_without_failover()
    {
        using var first = WireMockServer.Start();
        using var second = WireMockServer.Start();
        first.Given(Request.Create().UsingPost()).InScenario("flaky").WillSetStateTo("one").RespondWith(Response.Create().WithStatusCode(503));
        first.Given(Request.Create().UsingPost()).InScenario("flaky").WhenStateIs("one").WillSetStateTo("two").RespondWith(Response.Create().WithStatusCode(503));
        first.Given(Request.Create().UsingPost()).InScenario("flaky").WhenStateIs("two").RespondWith(Response.Create().WithStatusCode(200));
        second.Given(Request.Create().UsingPost()).RespondWith(Response.Create().WithStatusCode(200));
        await using var services = Chain(first, second, retries: 2);

        var result = await services.GetRequiredService<ProviderChain>().SendAsync(Sms, CancellationToken.None);

        Assert.True(result.Accepted);
        Assert.Equal("first", result.Provider);
        Assert.Equal(3, first.LogEntries.Count());
        Assert.Empty(second.LogEntries);
    }

    [Fact]
    public async Task Always_500_is_retried_then_fails_over_to_the_next_provider()
    {
        using var first = WireMockServer.Start();
        using var second = WireMockServer.Start();
        first.Given(Request.Create().UsingPost()).RespondWith(Response.Create().WithStatusCode(500));
        second.Given(Request.Create().UsingPost()).RespondWith(Response.Create().WithStatusCode(202));
        await using var services = Chain(first, second, retries: 2);

        var result = await services.GetRequiredService<ProviderChain>().SendAsync(Sms, CancellationToken.None);

        Assert.True(result.Accepted);
        Assert.Equal("second", result.Provider);
        Assert.Equal(3, first.LogEntries.Count()); // one attempt and two retries
        Assert.Single(second.LogEntries);
        Assert.Equal(["first: Transient 500"], result.Failures);
    }

    [Fact]
    public async Task All_providers_failing_is_not_accepted()
    {
        using var first = WireMockServer.Start();
        using var second = WireMockServer.Start();
        first.Given(Request.Create().UsingPost()).RespondWith(Response.Create().WithStatusCode(500));
        second.Given(Request.Create().UsingPost()).RespondWith(Response.Create().WithStatusCode(502));
        await using var services = Chain(first, second, retries: 1);

        var result = await services.GetRequiredService<ProviderChain>().SendAsync(Sms, CancellationToken.None);

        Assert.False(result.Accepted);
        Assert.Equal(2, first.LogEntries.Count());
        Assert.Equal(2, second.LogEntries.Count());
    }

    [Fact]
    public async Task A_429_is_retried_after_the_delay_its_Retry_After_asks_for()
    {
        using var first = WireMockServer.Start();
        using var second = WireMockServer.Start();
        first.Given(Request.Create().UsingPost()).InScenario("busy").WillSetStateTo("ok")
            .RespondWith(Response.Create().WithStatusCode(429).WithHeader("Retry-After", "1"));
        first.Given(Request.Create().UsingPost()).InScenario("busy").WhenStateIs("ok").RespondWith(Response.Create().WithStatusCode(201));
        second.Given(Request.Create().UsingPost()).RespondWith(Response.Create().WithStatusCode(200));
        await using var services = Chain(first, second, retries: 2);

        var result = await services.GetRequiredService<ProviderChain>().SendAsync(Sms, CancellationToken.None);

        Assert.True(result.Accepted);
        Assert.Equal("first", result.Provider);
        Assert.Equal(2, first.LogEntries.Count());
        Assert.Empty(second.LogEntries);

        // The retry was scheduled for the provider's second, not the 1 ms backoff this test configures.
        var retry = DeliveryKit.LogText(services).Split('\n').Single(l => l.StartsWith("Provider first failed transiently", StringComparison.Ordinal));
        Assert.Equal("Provider first failed transiently (429); attempt 2 in 00:00:01", retry.Trim());
    }

    [Fact]
    public async Task A_Retry_After_longer_than_allowed_fails_over_at_once()
    {
        using var first = WireMockServer.Start();
        using var second = WireMockServer.Start();
        first.Given(Request.Create().UsingPost()).RespondWith(Response.Create().WithStatusCode(429).WithHeader("Retry-After", "3600"));
        second.Given(Request.Create().UsingPost()).RespondWith(Response.Create().WithStatusCode(200));
        await using var services = Chain(first, second, retries: 2);

        var result = await services.GetRequiredService<ProviderChain>().SendAsync(Sms, CancellationToken.None);

        Assert.Equal("second", result.Provider);
        Assert.Single(first.LogEntries);
    }

    [Fact]
    public async Task A_definite_refusal_is_not_retried_and_fails_over()
    {
        using var first = WireMockServer.Start();
        using var second = WireMockServer.Start();
        first.Given(Request.Create().UsingPost()).RespondWith(Response.Create().WithStatusCode(401));
        second.Given(Request.Create().UsingPost()).RespondWith(Response.Create().WithStatusCode(200));
        await using var services = Chain(first, second, retries: 2);

        var result = await services.GetRequiredService<ProviderChain>().SendAsync(Sms, CancellationToken.None);

        Assert.Equal("second", result.Provider);
        Assert.Single(first.LogEntries);
        Assert.Equal(["first: Rejected 401"], result.Failures);
    }

    [Fact]
    public async Task A_provider_that_does_not_answer_in_time_is_failed_over()
    {
        using var first = WireMockServer.Start();
        using var second = WireMockServer.Start();
        first.Given(Request.Create().UsingPost()).RespondWith(Response.Create().WithStatusCode(200).WithDelay(TimeSpan.FromSeconds(5)));
        second.Given(Request.Create().UsingPost()).RespondWith(Response.Create().WithStatusCode(200));
        await using var services = Chain(first, second, retries: 0, extra: new() { ["SmsOtp:Providers:0:TimeoutSeconds"] = "1" });

        var result = await services.GetRequiredService<ProviderChain>().SendAsync(Sms, CancellationToken.None);

        Assert.Equal("second", result.Provider);
        Assert.Equal(["first: Transient timeout"], result.Failures);
    }

    [Fact]
    public async Task A_connection_refused_is_transient_and_fails_over()
    {
        var closed = WireMockServer.Start();
        var deadUrl = closed.Url!;
        closed.Stop();
        closed.Dispose();
        using var second = WireMockServer.Start();
        second.Given(Request.Create().UsingPost()).RespondWith(Response.Create().WithStatusCode(200));
        await using var services = DeliveryKit.ChainServices(new Dictionary<string, string?>
        {
            ["SmsOtp:Delivery:RetryCount"] = "1",
            ["SmsOtp:Providers:0:Name"] = "first",
            ["SmsOtp:Providers:0:Url"] = deadUrl + "/send",
            ["SmsOtp:Providers:0:Payload"] = "to=$ctx.num&text=$ctx.msg",
            ["SmsOtp:Providers:1:Name"] = "second",
            ["SmsOtp:Providers:1:Url"] = second.Url + "/send",
            ["SmsOtp:Providers:1:Payload"] = "to=$ctx.num&text=$ctx.msg",
        });

        var result = await services.GetRequiredService<ProviderChain>().SendAsync(Sms, CancellationToken.None);

        Assert.Equal("second", result.Provider);
        Assert.StartsWith("first: Transient ", result.Failures.Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_open_circuit_skips_the_dead_provider_without_calling_it()
    {
        using var first = WireMockServer.Start();
        using var second = WireMockServer.Start();
        first.Given(Request.Create().UsingPost()).RespondWith(Response.Create().WithStatusCode(503));
        second.Given(Request.Create().UsingPost()).RespondWith(Response.Create().WithStatusCode(200));
        await using var services = Chain(first, second, retries: 0, extra: new()
        {
            ["SmsOtp:Delivery:BreakerMinimumThroughput"] = "2",
            ["SmsOtp:Delivery:BreakerFailureRatio"] = "0.5",
            ["SmsOtp:Delivery:BreakerDurationSeconds"] = "60",
        });
        var chain = services.GetRequiredService<ProviderChain>();

        await chain.SendAsync(Sms, CancellationToken.None);
        await chain.SendAsync(Sms, CancellationToken.None);
        Assert.Equal(2, first.LogEntries.Count());

        var third = await chain.SendAsync(Sms, CancellationToken.None);

        Assert.Equal("second", third.Provider);
        Assert.Equal(["first: Transient circuit-open"], third.Failures);
        Assert.Equal(2, first.LogEntries.Count());
        Assert.Equal(3, second.LogEntries.Count());
    }

    public static TheoryData<string, int, string, string> FailureBodies => new()
    {
        // preset, status, body (with text that must never be logged), the provider's error code kept
        { "vonage", 200, "{\"message-count\":\"1\",\"messages\":[{\"to\":\"94778888888\",\"status\":\"4\",\"error-text\":\"Bad Credentials for +94778888888\"}]}", "4" },
        { "bulksms-eapi", 200, "23|invalid credentials for +94778888888|", "23" },
        { "bulksms", 403, "{\"type\":\"https://developer.bulksms.com/json/v1/errors#insufficient-credits\",\"title\":\"+94778888888\",\"status\":403}", "insufficient-credits" },
        { "twilio", 400, "{\"code\":21211,\"message\":\"The 'To' number +94778888888 is not a valid phone number.\",\"status\":400}", "21211" },
        { "clickatell", 202, "{\"messages\":[{\"apiMessageId\":null,\"accepted\":false,\"to\":\"94778888888\",\"errorCode\":105,\"error\":\"Invalid destination +94778888888\"}]}", "105" },
        { "clickatell", 401, "{\"messages\":[],\"errorCode\":1,\"error\":\"Invalid or missing authentication for +94778888888\"}", "1" },
        // The One API's shapes (the clickatell default): an error object per message, or global.
        { "clickatell", 400, "{\"messages\":[{\"apiMessageId\":null,\"accepted\":false,\"to\":\"94778888888\",\"error\":{\"code\":25,\"description\":\"Invalid recipient +94778888888\"}}],\"error\":null}", "25" },
        { "clickatell", 401, "{\"messages\":[],\"error\":{\"code\":1,\"description\":\"Invalid key for +94778888888\"}}", "1" },
        { "plivo", 400, "{\"api_id\":\"a\",\"error\":\"dst +94778888888 is invalid\"}", "400" },
    };

    [Theory]
    [MemberData(nameof(FailureBodies))]
    public async Task A_preset_failure_answer_is_a_refusal_with_the_provider_code_and_no_message_text(string preset, int status, string body, string code)
    {
        using var first = WireMockServer.Start();
        using var second = WireMockServer.Start();
        first.Given(Request.Create().UsingPost()).RespondWith(Response.Create().WithStatusCode(status).WithBody(body));
        second.Given(Request.Create().UsingPost()).RespondWith(Response.Create().WithStatusCode(200));
        await using var services = DeliveryKit.ChainServices(new Dictionary<string, string?>
        {
            ["SmsOtp:Delivery:RetryCount"] = "2",
            ["SmsOtp:Providers:0:Preset"] = preset,
            ["SmsOtp:Providers:0:BaseUrl"] = first.Url,
            ["SmsOtp:Providers:0:From"] = "+15005550006",
            ["SmsOtp:Providers:0:SecretPrefix"] = "p",
            ["SmsOtp:Secrets:p-account-sid"] = "AC1", ["SmsOtp:Secrets:p-auth-token"] = "t",
            ["SmsOtp:Secrets:p-api-key"] = "k", ["SmsOtp:Secrets:p-api-secret"] = "s",
            ["SmsOtp:Secrets:p-auth-id"] = "MA1", ["SmsOtp:Secrets:p-username"] = "u", ["SmsOtp:Secrets:p-password"] = "p",
            ["SmsOtp:Providers:1:Name"] = "second",
            ["SmsOtp:Providers:1:Url"] = second.Url + "/send",
            ["SmsOtp:Providers:1:Payload"] = "to=$ctx.num&text=$ctx.msg",
        });

        var result = await services.GetRequiredService<ProviderChain>().SendAsync(Sms, CancellationToken.None);

        Assert.Equal("second", result.Provider);
        Assert.Single(first.LogEntries); // a definite refusal: no retry
        Assert.Equal([$"{preset}: Rejected {code}"], result.Failures);
        var logs = DeliveryKit.LogText(services);
        Assert.Contains($"Provider {preset} failed: Rejected {code}", logs, StringComparison.Ordinal);
        Assert.DoesNotContain("8888888", logs, StringComparison.Ordinal);
        Assert.DoesNotContain("123456", logs, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_provider_secret_fails_that_provider_with_its_name_and_the_next_one_sends()
    {
        using var second = WireMockServer.Start();
        second.Given(Request.Create().UsingPost()).RespondWith(Response.Create().WithStatusCode(200));
        await using var services = DeliveryKit.ChainServices(new Dictionary<string, string?>
        {
            ["SmsOtp:Providers:0:Preset"] = "twilio",
            ["SmsOtp:Providers:0:From"] = "+15005550006",
            ["SmsOtp:Secrets:twilio-account-sid"] = "AC1",
            ["SmsOtp:Providers:1:Name"] = "second",
            ["SmsOtp:Providers:1:Url"] = second.Url + "/send",
            ["SmsOtp:Providers:1:Payload"] = "to=$ctx.num&text=$ctx.msg",
        });

        var result = await services.GetRequiredService<ProviderChain>().SendAsync(Sms, CancellationToken.None);

        Assert.Equal("second", result.Provider);
        Assert.Equal(["twilio: Rejected secret-missing:twilio-auth-token"], result.Failures);
    }

    private static ServiceProvider Chain(WireMockServer first, WireMockServer second, int retries, Dictionary<string, string?>? extra = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["SmsOtp:Delivery:RetryCount"] = retries.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["SmsOtp:Delivery:MaxRetryAfterSeconds"] = "5",
            ["SmsOtp:Providers:0:Name"] = "first",
            ["SmsOtp:Providers:0:Url"] = first.Url + "/send",
            ["SmsOtp:Providers:0:Payload"] = "to=$ctx.num&text=$ctx.msg",
            ["SmsOtp:Providers:1:Name"] = "second",
            ["SmsOtp:Providers:1:Url"] = second.Url + "/send",
            ["SmsOtp:Providers:1:Payload"] = "to=$ctx.num&text=$ctx.msg",
        };
        foreach (var (k, v) in extra ?? [])
        {
            settings[k] = v;
        }

        return DeliveryKit.ChainServices(settings);
    }
}
