using SmsOtp.Migrate.Config;

namespace SmsOtp.Migrate.Tests.Config;

/// <summary>The five gateway set-ups WSO2 documents for the SMSOTP connector, as IdP REST API JSON, to settings.</summary>
public sealed class IdentityProviderTests
{
    [Fact]
    public async Task Nexmo_BecomesTheVonagePreset()
    {
        var (run, s) = await ConfigOutput.ConvertAsync("--toml", Fixture.Toml, "--idp", Fixture.Idp("nexmo"));
        Assert.Equal("vonage", s["SmsOtp:Providers:0:Preset"]);
        Assert.Equal("NEXMO", s["SmsOtp:Providers:0:From"]);
        Assert.False(s.ContainsKey("SmsOtp:Providers:0:BaseUrl"));
        AssertSecrets(run, "vonage-api-key", "vonage-api-secret");
    }

    [Fact]
    public async Task Twilio_BecomesTheTwilioPreset_FromTheForm()
    {
        var (run, s) = await ConfigOutput.ConvertAsync("--toml", Fixture.Toml, "--idp", Fixture.Idp("twilio"));
        Assert.Equal("twilio", s["SmsOtp:Providers:0:Preset"]);
        Assert.Equal("+15005550006", s["SmsOtp:Providers:0:From"]); // From=%2B15005550006, decoded
        AssertSecrets(run, "twilio-account-sid", "twilio-auth-token");
        Assert.Contains("/SMS/Messages.json", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Plivo_BecomesThePlivoPreset_FromTheJsonSrc()
    {
        var (run, s) = await ConfigOutput.ConvertAsync("--toml", Fixture.Toml, "--idp", Fixture.Idp("plivo"));
        Assert.Equal("plivo", s["SmsOtp:Providers:0:Preset"]);
        Assert.Equal("+94112223333", s["SmsOtp:Providers:0:From"]);
        AssertSecrets(run, "plivo-auth-id", "plivo-auth-token");
        Assert.Contains("unmapped  mobile_number_regex: ", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BulkSms_BecomesTheEapiPreset()
    {
        var (run, s) = await ConfigOutput.ConvertAsync("--toml", Fixture.Toml, "--idp", Fixture.Idp("bulksms"));
        Assert.Equal("bulksms-eapi", s["SmsOtp:Providers:0:Preset"]);
        Assert.False(s.ContainsKey("SmsOtp:Providers:0:From"));
        AssertSecrets(run, "bulksms-eapi-username", "bulksms-eapi-password");
    }

    [Fact]
    public async Task LegacyClickatell_StaysAGenericTemplate_WithTheTokenInASecret()
    {
        var (run, s) = await ConfigOutput.ConvertAsync("--toml", Fixture.Toml, "--idp", Fixture.Idp("clickatell"));
        Assert.False(s.ContainsKey("SmsOtp:Providers:0:Preset"));
        Assert.Equal("https://api.clickatell.com/rest/message", s["SmsOtp:Providers:0:Url"]);
        Assert.Equal("POST", s["SmsOtp:Providers:0:Method"]);
        Assert.Equal("X-Version: 1,Authorization: bearer {secret:clickatell-authorization},Accept: application/json,Content-Type: application/json",
            s["SmsOtp:Providers:0:Headers"]);
        Assert.Equal("{\"text\":\"$ctx.msg\",\"to\":[\"$ctx.num\"]}", s["SmsOtp:Providers:0:Payload"]);
        Assert.Equal("202", s["SmsOtp:Providers:0:HttpResponseCode"]);
        Assert.Equal("digits", s["SmsOtp:Providers:0:NumberFormat"]);
        AssertSecrets(run, "clickatell-authorization");
    }

    [Theory]
    [InlineData("nexmo", "https://rest.nexmo.com/sms/json?api_key={secret:vonage-api-key}&api_secret={secret:vonage-api-secret}&from=NEXMO&to=$ctx.num&text=$ctx.msg", null)]
    [InlineData("twilio", "https://api.twilio.com/2010-04-01/Accounts/{secret:twilio-account-id}/SMS/Messages.json", "Body=$ctx.msg&To=$ctx.num&From=%2B15005550006")]
    [InlineData("plivo", "https://api.plivo.com/v1/Account/{secret:plivo-account-id}/Message/", "{\"src\":\"+94112223333\",\"dst\":\"$ctx.num\",\"text\":\"$ctx.msg\"}")]
    [InlineData("bulksms", "https://bulksms.vsms.net/eapi/submission/send_sms/2/2.0?username={secret:bulksms-username}&password={secret:bulksms-password}&message=$ctx.msg&msisdn=$ctx.num", null)]
    public async Task NoPresets_KeepsWso2sTemplate_WithCredentialsInSecrets(string idp, string url, string? payload)
    {
        var (run, s) = await ConfigOutput.ConvertAsync("--toml", Fixture.Toml, "--idp", Fixture.Idp(idp), "--no-presets");
        Assert.Equal(url, s["SmsOtp:Providers:0:Url"]);
        Assert.Equal(payload, s.GetValueOrDefault("SmsOtp:Providers:0:Payload"));
        Assert.DoesNotContain(Fixture.Credentials, c => run.Output.Contains(c, StringComparison.Ordinal) || run.Error.Contains(c, StringComparison.Ordinal));
    }

    [Fact]
    public void CustomGateway_MovesHeaderQueryAndBodyCredentialsIntoSecrets()
    {
        var json = """
            {"name": "Acme SMS", "federatedAuthenticators": {"authenticators": [{"authenticatorId": "U01TT1RQ", "isEnabled": true, "properties": [
              {"key": "sms_url", "value": "https://user1:pw1@sms.acme.example/send?token=tok1&to=$ctx.num"},
              {"key": "http_method", "value": "post"},
              {"key": "headers", "value": "X-API-Key: key1,Content-Type: application/json"},
              {"key": "payload", "value": "{\"password\":\"pw2\",\"sender\":\"ACME\",\"message\":\"Code: $ctx.otp\"}"}
            ]}]}}
            """;
        var result = ConfigConverter.Convert("", "deployment.toml", json, "acme.json", usePresets: true, tenant: null);
        var text = SettingsWriter.Write(result.Settings, OutputFormat.Env);
        foreach (var secret in new[] { "user1", "pw1", "tok1", "key1", "pw2" })
        {
            Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
        }

        Assert.Equal("https://{secret:acme-sms-url-user}:{secret:acme-sms-url-password}@sms.acme.example/send?token={secret:acme-sms-token}&to=$ctx.num",
            result.Settings.Get("Providers:0:Url"));
        Assert.Equal("X-API-Key: {secret:acme-sms-x-api-key},Content-Type: application/json", result.Settings.Get("Providers:0:Headers"));
        Assert.Equal("{\"password\":\"{secret:acme-sms-password}\",\"sender\":\"ACME\",\"message\":\"Code: $ctx.otp\"}", result.Settings.Get("Providers:0:Payload"));
        Assert.Equal("POST", result.Settings.Get("Providers:0:Method"));
        Assert.Equal(["acme-sms-url-user", "acme-sms-url-password", "acme-sms-token", "acme-sms-x-api-key", "acme-sms-password"], result.Secrets.Select(s => s.Name));
    }

    [Fact]
    public void SingleAuthenticator_AndAListOfProviders_AreReadToo()
    {
        var one = """{"authenticatorId": "U01TT1RQ", "name": "SMSOTP", "isEnabled": true, "properties": [{"key": "sms_url", "value": "https://api.twilio.com/2010-04-01/Accounts/AC1/Messages.json"}, {"key": "payload", "value": "To=$ctx.num&From=%2B1555&Body=$ctx.msg"}]}""";
        Assert.Single(IdentityProviderExport.Read(one, "one.json"));

        var two = "{\"identityProviders\": [" + File.ReadAllText(Fixture.Idp("twilio")) + "," + File.ReadAllText(Fixture.Idp("nexmo")) + "]}";
        var result = ConfigConverter.Convert("", "deployment.toml", two, "two.json", usePresets: true, tenant: null);
        Assert.Equal("twilio", result.Settings.Get("Providers:0:Preset"));
        Assert.Equal("vonage", result.Settings.Get("Providers:1:Preset"));
    }

    [Fact]
    public async Task NoSmsOtpAuthenticator_IsABadInput()
    {
        var path = Path.Combine(Path.GetTempPath(), Guid.NewGuid() + ".json");
        await File.WriteAllTextAsync(path, """{"name": "Google", "federatedAuthenticators": {"authenticators": [{"authenticatorId": "R29vZ2xlT0lEQ0F1dGhlbnRpY2F0b3I", "properties": [{"key": "ClientId", "value": "x"}]}]}}""");
        var run = await ToolRun.RunAsync("config", "--toml", Fixture.Toml, "--idp", path);
        Assert.Equal(Program.BadInput, run.ExitCode);
        Assert.Contains("SMSOTP", run.Error, StringComparison.Ordinal);
    }

    /// <summary>The secret names are listed on stderr; no credential of the fixture appears anywhere.</summary>
    private static void AssertSecrets(ToolRun run, params string[] names)
    {
        foreach (var name in names)
        {
            Assert.Contains("  " + name + "  <- ", run.Error, StringComparison.Ordinal);
        }

        Assert.DoesNotContain(Fixture.Credentials, c => run.Output.Contains(c, StringComparison.Ordinal) || run.Error.Contains(c, StringComparison.Ordinal));
    }
}
