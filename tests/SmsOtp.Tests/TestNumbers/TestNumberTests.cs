using System.Net.Http.Json;
using Microsoft.Extensions.Time.Testing;
using SmsOtp.Tests.Telemetry;

namespace SmsOtp.Tests.TestNumbers;

/// <summary>
/// Test numbers (spec §15.2) on the real local server with a real HTTP provider (WireMock): a listed number gets its
/// fixed code and no provider request, while limits, the lock, expiry and attempts hold; the audit and
/// <c>smsotp.sends</c> mark the send; start-up refuses a bad list naming the key and never the code.
/// </summary>
public sealed class TestNumberTests
{
    private const string TestMobile = "+94771234567";
    private const string TestCode = "246813";
    private const string RealMobile = "+94778888888";

    [Fact]
    public async Task A_test_number_gets_its_fixed_code_with_no_provider_request_audited_and_counted()
    {
        using var provider = WireMockServer.Start();
        provider.Given(Request.Create().UsingPost()).RespondWith(Response.Create().WithStatusCode(200).WithBody("{}"));
        var capture = new TelemetryCapture();
        await using var server = await LocalServerHost.StartAsync(Settings(provider, new() { ["SmsOtp:Tenants:tn:TokenLength"] = "6" }), capture.Configure);
        capture.Attach(server);
        await Put(server, "reviewer", TestMobile);
        await Put(server, "real", RealMobile);

        var sent = await Send(server, "reviewer");
        Assert.Equal("sent", sent.GetProperty("status").GetString());
        Assert.Equal(6, sent.GetProperty("codeLength").GetInt32());

        // A real user's SMS reaches the provider, so the delivery path works and is not merely slow.
        await Send(server, "real");
        await TelemetryCapture.EventuallyAsync(() => provider.LogEntries.Any(), "the real user's SMS");
        await Task.Delay(500);
        var bodies = provider.LogEntries.Select(e => e.RequestMessage.Body ?? "").ToList();
        Assert.All(bodies, b => Assert.Contains("\"to\":\"+94778888888\"", b, StringComparison.Ordinal)); // the real user's only
        Assert.DoesNotContain(bodies, b => b.Contains("771234567", StringComparison.Ordinal) || b.Contains(TestCode, StringComparison.Ordinal));

        var verified = await Verify(server, sent, TestCode);
        Assert.Equal("verified", verified.GetProperty("status").GetString());
        Assert.Equal("sms", verified.GetProperty("method").GetString());

        Assert.Contains(server.Logs.GetSnapshot(), r => r.Category == "SmsOtp.Audit" && r.Message.Contains("-> sent", StringComparison.Ordinal)
            && r.Message.Contains("test_number", StringComparison.Ordinal));
        Assert.DoesNotContain(server.Logs.GetSnapshot(), r => r.Message.Contains(TestCode, StringComparison.Ordinal));
        Assert.Equal(1, capture.Sum("smsotp.sends", ("tenant", "tn"), ("test_number", "true")));
        Assert.Equal(1, capture.Sum("smsotp.sends", ("tenant", "tn"), ("outcome", "sent")) - capture.Sum("smsotp.sends", ("tenant", "tn"), ("test_number", "true")));
    }

    [Fact]
    public async Task Attempts_the_lock_expiry_and_the_send_limit_hold_for_a_test_number()
    {
        using var provider = WireMockServer.Start();
        provider.Given(Request.Create().UsingPost()).RespondWith(Response.Create().WithStatusCode(200).WithBody("{}"));
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 8, 0, 0, TimeSpan.Zero));
        await using var server = await LocalServerHost.StartAsync(Settings(provider, new()
        {
            ["SmsOtp:MaxAttemptsPerChallenge"] = "2",
            ["SmsOtp:AccountLock:MaxFailedAttempts"] = "3",
            ["SmsOtp:RateLimits:SendsPerUserPerHour"] = "3",
            ["SmsOtp:ResendCooldownSeconds"] = "0",
        }), b => b.Services.AddSingleton<TimeProvider>(time));
        await Put(server, "reviewer", TestMobile);

        // Attempts: two wrong codes exhaust the challenge; the fixed code no longer verifies it.
        var first = await Send(server, "reviewer");
        Assert.Equal(1, (await Verify(server, first, "111111")).GetProperty("attemptsRemaining").GetInt32());
        Assert.Equal(0, (await Verify(server, first, "111111")).GetProperty("attemptsRemaining").GetInt32());
        Assert.Equal("attempts_exhausted", (await Verify(server, first, TestCode)).GetProperty("status").GetString());

        // Expiry: the fixed code of an expired challenge is refused.
        var second = await Send(server, "reviewer");
        time.Advance(TimeSpan.FromSeconds(301));
        Assert.Equal("expired", (await Verify(server, second, TestCode)).GetProperty("status").GetString());

        // The send limit: three sends in the hour, the fourth is refused.
        await Send(server, "reviewer");
        var refused = await server.PostAsync("api/otp/send", new { tenant = "tn", userId = "reviewer" });
        await HttpAsserts.AssertProblemAsync(server, refused, HttpStatusCode.TooManyRequests, "rate_limited");

        // The lock: a third failure of the account (two were on the first challenge) locks it; the fixed code cannot open it.
        time.Advance(TimeSpan.FromHours(1));
        var third = await Send(server, "reviewer");
        Assert.Equal("locked", (await Verify(server, third, "111111")).GetProperty("status").GetString());
        Assert.Equal("locked", (await Verify(server, third, TestCode)).GetProperty("status").GetString());
        var locked = await server.PostAsync("api/otp/send", new { tenant = "tn", userId = "reviewer" });
        await HttpAsserts.AssertProblemAsync(server, locked, HttpStatusCode.Locked, "account_locked");
        Assert.Empty(provider.LogEntries);
    }

    [Theory]
    [InlineData("12345", "SmsOtp:TestNumbers:0:Code must have 6 to 6 characters")]
    [InlineData("12345a", "SmsOtp:TestNumbers:0:Code may hold only digits")]
    [InlineData("1234567", "SmsOtp:TestNumbers:0:Code must have 6 to 6 characters")]
    public void Start_up_refuses_a_code_that_breaks_the_code_rules_naming_the_key_not_the_code(string code, string message)
    {
        var errors = Validate(new PolicyOptions { TestNumbers = [new() { Number = TestMobile, Code = code }] });
        Assert.Contains(errors, e => e.StartsWith(message, StringComparison.Ordinal));
        Assert.DoesNotContain(errors, e => e.Contains(code, StringComparison.Ordinal));
    }

    [Fact]
    public void Start_up_refuses_a_number_listed_twice_one_that_is_not_E164_and_a_code_shorter_than_six_whatever_the_tenant_length()
    {
        var twice = Validate(new PolicyOptions { TestNumbers = [new() { Number = TestMobile, Code = TestCode }, new() { Number = TestMobile, Code = "135792" }] });
        Assert.Contains("SmsOtp:TestNumbers:1:Number is listed twice: each test number has one code.", twice);

        var notE164 = Validate(new PolicyOptions { TestNumbers = [new() { Number = "0771234567", Code = TestCode }] });
        Assert.Contains(notE164, e => e.StartsWith("SmsOtp:TestNumbers:0:Number must be an E.164 number", StringComparison.Ordinal));

        var shortTenant = Validate(new PolicyOptions { TokenLength = 4, TestNumbers = [new() { Number = TestMobile, Code = "1357" }] });
        Assert.Contains(shortTenant, e => e.StartsWith("SmsOtp:TestNumbers:0:Code cannot be valid", StringComparison.Ordinal));

        var alphanumeric = Validate(new PolicyOptions { AlphanumericToken = true, TokenLength = 8, TestNumbers = [new() { Number = TestMobile, Code = "REVIEW42" }] });
        Assert.Empty(alphanumeric);
        Assert.Empty(Validate(new PolicyOptions { TestNumbers = [new() { Number = TestMobile, Code = TestCode }] }));
    }

    [Fact]
    public async Task A_tenant_list_is_validated_at_start_up_with_the_tenant_key()
    {
        var error = await StartupCheck.ErrorAsync(new Dictionary<string, string?>
        {
            ["SmsOtp:Tenants:beta:TestNumbers:0:Number"] = TestMobile,
            ["SmsOtp:Tenants:beta:TestNumbers:0:Code"] = "98765",
            ["SmsOtp:Tenants:beta:TestNumbers:1:Number"] = TestMobile,
            ["SmsOtp:Tenants:beta:TestNumbers:1:Code"] = "987654",
        });
        Assert.Contains("SmsOtp:Tenants:beta:TestNumbers:0:Code must have 6 to 6 characters", error, StringComparison.Ordinal);
        Assert.Contains("SmsOtp:Tenants:beta:TestNumbers:1:Number is listed twice", error, StringComparison.Ordinal);
        Assert.DoesNotContain("98765", error!, StringComparison.Ordinal);

        // A good tenant list starts.
        Assert.Null(await StartupCheck.ErrorAsync(new Dictionary<string, string?>
        {
            ["SmsOtp:Tenants:beta:TestNumbers:0:Number"] = TestMobile,
            ["SmsOtp:Tenants:beta:TestNumbers:0:Code"] = TestCode,
        }));
    }

    private static List<string> Validate(PolicyOptions options)
    {
        var result = new OptionsValidator<PolicyOptions>("SmsOtp").Validate(null, options);
        return result.Failed ? [.. result.Failures!] : [];
    }

    private static Dictionary<string, string?> Settings(WireMockServer provider, Dictionary<string, string?> extra)
    {
        var settings = new Dictionary<string, string?>
        {
            ["SmsOtp:Tenants:tn:TestNumbers:0:Number"] = TestMobile,
            ["SmsOtp:Tenants:tn:TestNumbers:0:Code"] = TestCode,
            ["SmsOtp:Providers:0:Name"] = "wiremock",
            ["SmsOtp:Providers:0:Url"] = provider.Url + "/sms",
            ["SmsOtp:Providers:0:Method"] = "POST",
            ["SmsOtp:Providers:0:Headers"] = "Content-Type: application/json",
            ["SmsOtp:Providers:0:Payload"] = "{\"to\":\"$ctx.num\",\"text\":\"$ctx.msg\"}",
            ["SmsOtp:Providers:0:TimeoutSeconds"] = "5",
        };
        foreach (var (k, v) in extra)
        {
            settings[k] = v;
        }

        return settings;
    }

    private static async Task Put(LocalServerHost server, string userId, string mobile) =>
        (await server.Client.PutAsJsonAsync($"api/users?tenant=tn&userId={userId}", new { mobile })).EnsureSuccessStatusCode();

    private static async Task<JsonElement> Send(LocalServerHost server, string userId)
    {
        var response = await server.PostAsync("api/otp/send", new { tenant = "tn", userId });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await server.JsonAsync(response);
    }

    private static async Task<JsonElement> Verify(LocalServerHost server, JsonElement sent, string code) =>
        await server.JsonAsync(await server.PostAsync("api/otp/verify", new { challengeId = sent.GetProperty("challengeId").GetString(), code }));
}
