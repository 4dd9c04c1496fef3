using System.Net.Http.Json;
using Microsoft.Extensions.Time.Testing;

namespace SmsOtp.Tests.Otp;

/// <summary>
/// Per-request code settings (spec §15.3) over HTTP: <c>codeLength</c> and <c>expiresInSeconds</c> within the tenant's
/// bounds, refused with 400 naming the bound outside them (by default the bounds allow only the tenant's own values),
/// and kept on the challenge for resend.
/// </summary>
public sealed class CodeSettingsTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 26, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task By_default_only_the_tenant_values_are_accepted_and_others_name_the_bound()
    {
        await using var server = await LocalServerHost.StartAsync();
        await Put(server, "alice");

        await Refused(server, new { userId = "alice", codeLength = 8 }, "MaxTokenLength (6)");
        await Refused(server, new { userId = "alice", codeLength = 4 }, "MinTokenLength (6)");
        await Refused(server, new { userId = "alice", expiresInSeconds = 600 }, "MaxTokenExpirySeconds (300)");
        await Refused(server, new { userId = "alice", expiresInSeconds = 60 }, "MinTokenExpirySeconds (300)");
        await Refused(server, new { userId = "alice", codeLength = "8" }, "'codeLength' must be a positive whole number.");
        await Refused(server, new { userId = "alice", expiresInSeconds = 1.5 }, "'expiresInSeconds' must be a positive whole number.");

        var same = await server.JsonAsync(await server.PostAsync("api/otp/send", new { userId = "alice", codeLength = 6, expiresInSeconds = 300 }));
        Assert.Equal("sent", same.GetProperty("status").GetString());
        Assert.Equal(6, same.GetProperty("codeLength").GetInt32());
        Assert.Single(await server.OutboxAsync(1));
    }

    [Fact]
    public async Task Within_widened_bounds_a_send_sets_length_and_lifetime_and_resend_keeps_them()
    {
        var time = new FakeTimeProvider(Start);
        await using var server = await LocalServerHost.StartAsync(new Dictionary<string, string?>
        {
            ["SmsOtp:Tenants:wide:MinTokenLength"] = "4",
            ["SmsOtp:Tenants:wide:MaxTokenLength"] = "8",
            ["SmsOtp:Tenants:wide:MinTokenExpirySeconds"] = "60",
            ["SmsOtp:Tenants:wide:MaxTokenExpirySeconds"] = "600",
            ["SmsOtp:ResendCooldownSeconds"] = "0",
        }, b => b.Services.AddSingleton<TimeProvider>(time));
        await Put(server, "bob", "wide");

        await Refused(server, new { tenant = "wide", userId = "bob", codeLength = 9 }, "MaxTokenLength (8)");
        await Refused(server, new { tenant = "wide", userId = "bob", expiresInSeconds = 59 }, "MinTokenExpirySeconds (60)");

        var sent = await server.JsonAsync(await server.PostAsync("api/otp/send", new { tenant = "wide", userId = "bob", codeLength = 8, expiresInSeconds = 120, locale = "en" }));
        Assert.Equal(8, sent.GetProperty("codeLength").GetInt32());
        Assert.Equal(Start.AddSeconds(120), sent.GetProperty("expiresAt").GetDateTimeOffset());
        var sms = (await server.OutboxAsync(1))[0];
        Assert.Matches("^[0-9]{8}$", sms.GetProperty("code").GetString());
        Assert.Contains("It expires in 2 min.", sms.GetProperty("text").GetString(), StringComparison.Ordinal); // the SMS says the code's own lifetime

        time.Advance(TimeSpan.FromSeconds(100));
        var id = sent.GetProperty("challengeId").GetString();
        var resent = await server.JsonAsync(await server.PostAsync("api/otp/resend", new { challengeId = id }));
        Assert.Equal(8, resent.GetProperty("codeLength").GetInt32());
        Assert.Equal(Start.AddSeconds(220), resent.GetProperty("expiresAt").GetDateTimeOffset());
        var code = (await server.OutboxAsync(2))[1].GetProperty("code").GetString()!;
        Assert.Matches("^[0-9]{8}$", code);

        // The resent code lives 120 seconds, not the tenant's 300.
        time.Advance(TimeSpan.FromSeconds(121));
        var late = await server.JsonAsync(await server.PostAsync("api/otp/verify", new { challengeId = id, code }));
        Assert.Equal("expired", late.GetProperty("status").GetString());

        // Without settings, the tenant's own.
        var plain = await server.JsonAsync(await server.PostAsync("api/otp/send", new { tenant = "wide", userId = "bob" }));
        Assert.Equal(6, plain.GetProperty("codeLength").GetInt32());
        Assert.Equal(time.GetUtcNow().AddSeconds(300), plain.GetProperty("expiresAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task A_mobile_capture_challenge_keeps_the_settings_for_its_code()
    {
        await using var server = await LocalServerHost.StartAsync(new Dictionary<string, string?>
        {
            ["SmsOtp:Mandatory"] = "true",
            ["SmsOtp:MaxTokenLength"] = "10",
        });
        (await server.Client.PutAsJsonAsync("api/users?tenant=default&userId=carol", new { })).EnsureSuccessStatusCode();
        var required = await server.JsonAsync(await server.PostAsync("api/otp/send", new { userId = "carol", codeLength = 10 }));
        Assert.Equal("mobile_required", required.GetProperty("status").GetString());

        var sent = await server.JsonAsync(await server.PostAsync("api/otp/mobile", new { challengeId = required.GetProperty("challengeId").GetString(), mobile = "+94778888888" }));
        Assert.Equal(10, sent.GetProperty("codeLength").GetInt32());
        Assert.Equal(10, (await server.OutboxAsync(1))[0].GetProperty("code").GetString()!.Length);
    }

    [Fact]
    public async Task The_hosted_page_asks_for_the_length_the_send_set()
    {
        await using var server = await LocalServerHost.StartAsync(new Dictionary<string, string?>
        {
            ["SmsOtp:MaxTokenLength"] = "8",
            ["SmsOtp:Pages:AllowedReturnUrls:0"] = "https://app.example.com/back",
        });
        await Put(server, "page");
        var sent = await server.JsonAsync(await server.PostAsync("api/otp/send", new { userId = "page", codeLength = 8, returnUrl = "https://app.example.com/back" }));
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() }) { BaseAddress = server.BaseAddress };
        var html = await browser.GetStringAsync(sent.GetProperty("pageUrl").GetString());
        Assert.Contains("8-digit code", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_up_checks_the_sms_budget_with_the_longest_code_and_lifetime_a_send_may_ask_for()
    {
        var error = await StartupCheck.HostErrorAsync(new Dictionary<string, string?>
        {
            ["SmsOtp:MessageTemplate"] = "{code} " + new string('x', 151),
            ["SmsOtp:MaxTokenLength"] = "10",
        });
        Assert.Contains("10-character code", error, StringComparison.Ordinal);
        Assert.Null(await StartupCheck.HostErrorAsync(new Dictionary<string, string?> { ["SmsOtp:MessageTemplate"] = "{code} " + new string('x', 151) }));
    }

    [Theory]
    [InlineData("MinTokenLength", "7", "SmsOtp:MinTokenLength <= TokenLength <= MaxTokenLength must hold (is 7, 6, 6).")]
    [InlineData("MaxTokenLength", "11", "SmsOtp:MaxTokenLength must be between 4 and 10 (was 11).")]
    [InlineData("MaxTokenExpirySeconds", "200", "SmsOtp:MinTokenExpirySeconds <= TokenExpirySeconds <= MaxTokenExpirySeconds must hold (is 300, 300, 200).")]
    [InlineData("MinTokenExpirySeconds", "10", "SmsOtp:MinTokenExpirySeconds must be between 30 and 86400 (was 10).")]
    public async Task Start_up_refuses_bounds_that_exclude_the_tenant_value_naming_the_key(string key, string value, string message)
    {
        var error = await StartupCheck.ErrorAsync(new Dictionary<string, string?> { ["SmsOtp:" + key] = value });
        Assert.Contains(message, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Unset_bounds_are_the_tenant_values()
    {
        var o = new PolicyOptions { TokenLength = 7, TokenExpirySeconds = 120 };
        Assert.Equal((7, 7), CodeBounds.Length(o));
        Assert.Equal((120, 120), CodeBounds.ExpirySeconds(o));
        Assert.True(new OptionsValidator<PolicyOptions>("SmsOtp").Validate(null, o).Succeeded);
    }

    private static async Task Refused(LocalServerHost server, object body, string detail)
    {
        var response = await server.PostAsync("api/otp/send", body);
        await HttpAsserts.AssertProblemAsync(server, response, HttpStatusCode.BadRequest, "validation_failed");
        var problem = await server.JsonAsync(response);
        Assert.Contains(detail, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    private static async Task Put(LocalServerHost server, string userId, string tenant = "default") =>
        (await server.Client.PutAsJsonAsync($"api/users?tenant={tenant}&userId={userId}", new { mobile = "+94778888888" })).EnsureSuccessStatusCode();
}
