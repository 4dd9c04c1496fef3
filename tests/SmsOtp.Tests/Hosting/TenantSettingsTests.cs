using System.Net.Http.Json;

namespace SmsOtp.Tests.Hosting;

/// <summary>
/// Per-tenant settings (spec §10.1) end to end: the real local server on Azurite, two tenants with their own
/// providers (two WireMock servers), policy, templates, limits and return URLs, and tenants without a section
/// of their own on the global settings. Bad tenant settings stop the start with the whole key named.
/// </summary>
public sealed class TenantSettingsTests
{
    private static Dictionary<string, string?> TwoTenants(WireMockServer global, WireMockServer beta) => new()
    {
        ["SmsOtp:Providers:0:Name"] = "global-sms",
        ["SmsOtp:Providers:0:Url"] = global.Url + "/sms",
        ["SmsOtp:Providers:0:Payload"] = "{\"to\":\"$ctx.num\",\"text\":\"$ctx.msg\"}",
        ["SmsOtp:Providers:0:Headers"] = "Content-Type: application/json",
        ["SmsOtp:MessageTemplate"] = "Global code {code}",
        ["SmsOtp:Tenants:beta:TokenLength"] = "8",
        ["SmsOtp:Tenants:beta:MaxAttemptsPerChallenge"] = "1",
        ["SmsOtp:Tenants:beta:MessageTemplate"] = "Beta code {code}",
        ["SmsOtp:Tenants:beta:Providers:0:Name"] = "beta-sms",
        ["SmsOtp:Tenants:beta:Providers:0:Url"] = beta.Url + "/beta",
        ["SmsOtp:Tenants:beta:Providers:0:Payload"] = "{\"to\":\"$ctx.num\",\"text\":\"$ctx.msg\"}",
        ["SmsOtp:Tenants:beta:Providers:0:Headers"] = "Content-Type: application/json",
        ["SmsOtp:Tenants:beta:Pages:AllowedReturnUrls:0"] = "https://beta.example/back",
        ["SmsOtp:Tenants:beta:RateLimits:SendsPerUserPerHour"] = "1",
        ["SmsOtp:Pages:AllowedReturnUrls:0"] = "https://global.example/back",
    };

    [Fact]
    public async Task Two_tenants_use_their_own_provider_policy_and_template_and_others_the_global_ones()
    {
        using var global = Provider("/sms");
        using var beta = Provider("/beta");
        await using var server = await LocalServerHost.StartAsync(TwoTenants(global, beta));

        foreach (var tenant in new[] { "alpha", "beta" })
        {
            await Put(server, tenant, "alice", "+94778888888");
        }

        var alpha = await Send(server, "alpha", "alice");
        var alphaText = await WaitForText(global, 1);
        Assert.Matches("^Global code [0-9]{6}$", alphaText);
        Assert.Equal(6, alpha.GetProperty("codeLength").GetInt32());

        var betaSent = await Send(server, "beta", "alice");
        var betaText = await WaitForText(beta, 1);
        Assert.Matches("^Beta code [0-9]{8}$", betaText);
        Assert.Equal(8, betaSent.GetProperty("codeLength").GetInt32());
        Assert.Single(global.LogEntries);

        // beta allows one attempt: after a wrong code even the right one is refused; alpha's global three leave two.
        var betaWrong = await Verify(server, betaSent, "00000000");
        Assert.Equal(0, betaWrong.GetProperty("attemptsRemaining").GetInt32());
        Assert.Equal("attempts_exhausted", (await Verify(server, betaSent, betaText[^8..])).GetProperty("status").GetString());
        var alphaWrong = await Verify(server, alpha, "000000");
        Assert.Equal("invalid_code", alphaWrong.GetProperty("status").GetString());
        Assert.Equal(2, alphaWrong.GetProperty("attemptsRemaining").GetInt32());
        var alphaRight = await Verify(server, alpha, alphaText[^6..]);
        Assert.Equal("verified", alphaRight.GetProperty("status").GetString());
        Assert.Equal("alpha", alphaRight.GetProperty("tenant").GetString());
    }

    [Fact]
    public async Task Rate_limits_and_return_urls_are_the_tenants_own()
    {
        using var global = Provider("/sms");
        using var beta = Provider("/beta");
        await using var server = await LocalServerHost.StartAsync(TwoTenants(global, beta));
        await Put(server, "beta", "bob", "+94778888881");
        await Put(server, "alpha", "bob", "+94778888882");

        // beta: one send per user per hour; alpha: the global ten.
        await Send(server, "beta", "bob");
        var second = await server.PostAsync("api/otp/send", new { tenant = "beta", userId = "bob" });
        await HttpAsserts.AssertProblemAsync(server, second, HttpStatusCode.TooManyRequests, "rate_limited");
        await Send(server, "alpha", "bob");

        // A tenant's own list replaces the global one: each tenant may return only to its own URL.
        var betaOwn = await server.PostAsync("api/otp/send", new { tenant = "beta", userId = "carol", returnUrl = "https://beta.example/back" });
        Assert.Equal(HttpStatusCode.OK, betaOwn.StatusCode);
        var betaGlobal = await server.PostAsync("api/otp/send", new { tenant = "beta", userId = "carol", returnUrl = "https://global.example/back" });
        await HttpAsserts.AssertProblemAsync(server, betaGlobal, HttpStatusCode.BadRequest, "return_url_not_allowed");
        var alphaBeta = await server.PostAsync("api/otp/send", new { tenant = "alpha", userId = "carol", returnUrl = "https://beta.example/back" });
        await HttpAsserts.AssertProblemAsync(server, alphaBeta, HttpStatusCode.BadRequest, "return_url_not_allowed");
    }

    [Fact]
    public async Task Case_insensitive_user_ids_make_one_user_of_ids_that_differ_only_in_case()
    {
        await using var server = await LocalServerHost.StartAsync(new Dictionary<string, string?>
        {
            ["SmsOtp:Tenants:wso2:CaseInsensitiveUserIds"] = "true",
        });

        // NFC: "Å" written as A + combining ring is the same user as the precomposed "å".
        await Put(server, "wso2", "PRIMARY/Åsa", "+94778888888");
        var profile = await server.JsonAsync(await server.Client.GetAsync(UserQuery("wso2", "primary/A\u030Asa")));
        Assert.Equal("PRIMARY/Åsa", profile.GetProperty("userId").GetString());
        Assert.Equal("sent", (await Send(server, "wso2", "primary/ÅSA")).GetProperty("status").GetString());

        // Elsewhere ids stay exact, as before.
        await Put(server, "acme", "Bob", "+94778888881");
        Assert.Equal(HttpStatusCode.NotFound, (await server.Client.GetAsync(UserQuery("acme", "bob"))).StatusCode);
    }

    [Fact]
    public async Task A_configuration_reload_changes_a_tenants_settings_without_a_restart()
    {
        await using var server = await LocalServerHost.StartAsync(new Dictionary<string, string?>
        {
            ["SmsOtp:Tenants:beta:TokenLength"] = "7",
        });
        await Put(server, "beta", "alice", "+94778888888");
        await Put(server, "gamma", "alice", "+94778888881");
        Assert.Equal(7, (await Send(server, "beta", "alice")).GetProperty("codeLength").GetInt32());
        Assert.Equal(6, (await Send(server, "gamma", "alice")).GetProperty("codeLength").GetInt32());

        var configuration = (IConfigurationRoot)server.Services.GetRequiredService<IConfiguration>();
        configuration["SmsOtp:Tenants:beta:TokenLength"] = "9";
        configuration["SmsOtp:Tenants:gamma:TokenLength"] = "4";
        configuration.Reload();

        Assert.Equal(9, (await Send(server, "beta", "alice")).GetProperty("codeLength").GetInt32());
        Assert.Equal(4, (await Send(server, "gamma", "alice")).GetProperty("codeLength").GetInt32());
    }

    [Theory]
    [InlineData("SmsOtp:Tenants:beta:TokenLength", "99", "SmsOtp:Tenants:beta:TokenLength must be between")]
    [InlineData("SmsOtp:Tenants:beta:TokenLenght", "8", "SmsOtp:Tenants:beta:TokenLenght is not a setting a tenant can override")]
    [InlineData("SmsOtp:Tenants:beta:MaxSmsSegments", "3", "SmsOtp:Tenants:beta:MaxSmsSegments is not a setting a tenant can override")]
    [InlineData("SmsOtp:Tenants:beta:Storage:UsersTable", "x", "SmsOtp:Tenants:beta:Storage:UsersTable is not a setting")]
    [InlineData("SmsOtp:Tenants:beta:MessageTemplate", "no code", "SmsOtp:Tenants:beta:MessageTemplate must contain the placeholder {code}")]
    [InlineData("SmsOtp:Tenants:beta:DefaultRegion", "XX", "SmsOtp:Tenants:beta:DefaultRegion")]
    [InlineData("SmsOtp:Tenants:beta:RateLimits:SendsPerUserPerHour", "-1", "SmsOtp:Tenants:beta:RateLimits:SendsPerUserPerHour")]
    [InlineData("SmsOtp:Tenants:beta:Providers:0:Preset", "nosuch", "SmsOtp:Tenants:beta:Providers:0")]
    [InlineData("SmsOtp:Tenants:bad name!:TokenLength", "8", "SmsOtp:Tenants:bad name! is not a tenant name")]
    public async Task A_bad_tenant_setting_stops_the_start_naming_the_whole_key(string key, string value, string named)
    {
        var error = await Assert.ThrowsAnyAsync<OptionsValidationException>(() =>
            LocalServerHost.StartAsync(new Dictionary<string, string?> { [key] = value }));
        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_tenant_provider_whose_secret_is_missing_stops_the_start()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => LocalServerHost.StartAsync(new Dictionary<string, string?>
        {
            ["SmsOtp:Tenants:beta:Providers:0:Name"] = "beta-sms",
            ["SmsOtp:Tenants:beta:Providers:0:Url"] = "http://127.0.0.1:9/sms?key={secret:beta-key}",
        }));
        Assert.Contains("beta-key", error.Message, StringComparison.Ordinal);
    }

    private static WireMockServer Provider(string path)
    {
        var server = WireMockServer.Start();
        server.Given(Request.Create().WithPath(path).UsingPost()).RespondWith(Response.Create().WithStatusCode(202));
        return server;
    }

    private static string UserQuery(string tenant, string userId) =>
        $"api/users?tenant={tenant}&userId={Uri.EscapeDataString(userId)}";

    private static async Task Put(LocalServerHost server, string tenant, string userId, string mobile)
    {
        var response = await server.Client.PutAsJsonAsync(UserQuery(tenant, userId), new { mobile });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static async Task<JsonElement> Send(LocalServerHost server, string tenant, string userId)
    {
        var response = await server.PostAsync("api/otp/send", new { tenant, userId });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await server.JsonAsync(response);
    }

    private static async Task<JsonElement> Verify(LocalServerHost server, JsonElement sent, string code) =>
        await server.JsonAsync(await server.PostAsync("api/otp/verify", new { challengeId = sent.GetProperty("challengeId").GetString(), code }));

    private static async Task<string> WaitForText(WireMockServer provider, int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (provider.LogEntries.Count() < count && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        var body = provider.LogEntries.ElementAt(count - 1).RequestMessage.Body!;
        return JsonDocument.Parse(body).RootElement.GetProperty("text").GetString()!;
    }
}
