using System.Net.Http.Json;
using System.Net;
using System.Text.RegularExpressions;
using System.Text;
using SmsOtp.Migrate.Tests.Config;
using SmsOtp.Testing;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace SmsOtp.Migrate.Tests.EndToEnd;

/// <summary>
/// Each of the five gateway set-ups WSO2 documents, converted by <c>config</c>, runs the real local server
/// (on the shared Azurite) with a WireMock stand-in of the provider: the provider receives the request WSO2
/// would have sent (method, path, credentials, fields), and the converted policy decides as WSO2 did.
/// </summary>
public sealed partial class ConfigEndToEndTests
{
    private const string Mobile = "+94771234567";

    public static TheoryData<string, bool> Gateways => new()
    {
        { "nexmo", true }, { "nexmo", false },
        { "clickatell", true },
        { "plivo", true }, { "plivo", false },
        { "bulksms", true }, { "bulksms", false },
        { "twilio", true }, { "twilio", false },
    };

    [Theory]
    [MemberData(nameof(Gateways))]
    public async Task ConvertedGateway_SendsTheRequestWso2Describes(string idp, bool presets)
    {
        using var provider = WireMockServer.Start();
        var (status, body) = GatewayFixtures.SuccessAnswer(idp);
        provider.Given(Request.Create().UsingAnyMethod()).RespondWith(Response.Create().WithStatusCode(status).WithBody(body));

        await using var server = await StartAsync(provider, idp, presets);
        var user = "PRIMARY/alice";
        Assert.Equal(HttpStatusCode.OK, (await server.Client.PutAsJsonAsync(UserRoute(user), new { mobile = Mobile })).StatusCode);
        var sent = await server.JsonAsync(await server.PostAsync("api/otp/send", new { userId = user }));
        Assert.Equal("sent", sent.GetProperty("status").GetString());
        Assert.Equal(8, sent.GetProperty("codeLength").GetInt32()); // TokenLength = 8

        var request = await ReceivedAsync(provider);
        var message = MessagePattern();
        switch (idp)
        {
            case "nexmo":
                // WSO2: POST https://rest.nexmo.com/sms/json?api_key=...&api_secret=...&from=NEXMO&to=$ctx.num&text=$ctx.msg
                Assert.Equal("POST", request.Method);
                Assert.Equal("/sms/json", request.PathOnly);
                var nexmo = request.Fields();
                Assert.Equal("5f3c9a1e", nexmo["api_key"]);
                Assert.Equal("Q7vK2pX9mL4tR8wZ", nexmo["api_secret"]);
                Assert.Equal("NEXMO", nexmo["from"]);
                Assert.Equal("94771234567", nexmo["to"]);
                Assert.Matches(message, nexmo["text"]);
                break;
            case "clickatell":
                // WSO2: POST https://api.clickatell.com/rest/message, X-Version: 1, Authorization: bearer ..., {"text":..,"to":[..]}
                Assert.Equal("POST", request.Method);
                Assert.Equal("/rest/message", request.PathOnly);
                Assert.Equal("1", request.Headers["X-Version"]);
                Assert.Equal("bearer Hk29dLq8Zp3vXw7nTa1sYm5uRt2c", request.Headers["Authorization"]);
                Assert.StartsWith("application/json", request.Headers["Content-Type"], StringComparison.Ordinal);
                var clickatell = request.Json();
                Assert.Matches(message, clickatell.GetProperty("text").GetString());
                Assert.Equal("94771234567", Assert.Single(clickatell.GetProperty("to").EnumerateArray()).GetString());
                break;
            case "plivo":
                // WSO2: POST https://api.plivo.com/v1/Account/{auth_id}/Message/, Basic auth, {"src":..,"dst":"$ctx.num","text":"$ctx.msg"}
                Assert.Equal("POST", request.Method);
                Assert.Equal($"/v1/Account/{GatewayFixtures.PlivoId}/Message/", request.PathOnly);
                Assert.Equal(GatewayFixtures.Basic(GatewayFixtures.PlivoId, GatewayFixtures.PlivoToken), request.Headers["Authorization"]);
                var plivo = request.Json();
                Assert.Equal("+94112223333", plivo.GetProperty("src").GetString());
                Assert.Equal(Mobile, plivo.GetProperty("dst").GetString());
                Assert.Matches(message, plivo.GetProperty("text").GetString());
                break;
            case "bulksms":
                // WSO2: POST https://bulksms.vsms.net/eapi/submission/send_sms/2/2.0?username=..&password=..&message=$ctx.msg&msisdn=$ctx.num
                Assert.Equal("POST", request.Method);
                Assert.Equal("/eapi/submission/send_sms/2/2.0", request.PathOnly);
                var bulk = request.Fields();
                Assert.Equal("acme-otp", bulk["username"]);
                Assert.Equal("Pw4BulkFake9x", bulk["password"]);
                Assert.Equal("94771234567", bulk["msisdn"]);
                // The preset sends UCS-2 hex (dca=16bit) so any script survives; the text is the same.
                var text = bulk.GetValueOrDefault("dca") == "16bit" ? Encoding.BigEndianUnicode.GetString(Convert.FromHexString(bulk["message"])) : bulk["message"];
                Assert.Matches(message, text);
                break;
            default:
                // WSO2: POST https://api.twilio.com/2010-04-01/Accounts/{AccountSID}/SMS/Messages.json, Basic auth, Body=..&To=..&From=..
                Assert.Equal("POST", request.Method);
                Assert.Equal(presets
                    ? $"/2010-04-01/Accounts/{GatewayFixtures.TwilioSid}/Messages.json"
                    : $"/2010-04-01/Accounts/{GatewayFixtures.TwilioSid}/SMS/Messages.json", request.PathOnly);
                Assert.Equal(GatewayFixtures.Basic(GatewayFixtures.TwilioSid, GatewayFixtures.TwilioToken), request.Headers["Authorization"]);
                var twilio = request.Fields();
                Assert.Equal(Mobile, twilio["To"]);
                Assert.Equal("+15005550006", twilio["From"]);
                Assert.Matches(message, twilio["Body"]);
                break;
        }
    }

    [Fact]
    public async Task ConvertedPolicy_DecidesAsWso2Did()
    {
        using var provider = WireMockServer.Start();
        var (status, body) = GatewayFixtures.SuccessAnswer("twilio");
        provider.Given(Request.Create().UsingAnyMethod()).RespondWith(Response.Create().WithStatusCode(status).WithBody(body));
        await using var server = await StartAsync(provider, "twilio", presets: true);

        // SMSOTPMandatory + CaptureAndUpdateMobileNumber: a user without a number is asked for one.
        await server.Client.PutAsJsonAsync(UserRoute("PRIMARY/nomobile"), new { });
        var capture = await server.JsonAsync(await server.PostAsync("api/otp/send", new { userId = "PRIMARY/nomobile" }));
        Assert.Equal("mobile_required", capture.GetProperty("status").GetString());
        Assert.Equal("capture", capture.GetProperty("reason").GetString());

        // SMSOTPMandatory without SendOTPDirectlyToMobile: an unknown user is refused.
        var unknown = await server.PostAsync("api/otp/send", new { userId = "PRIMARY/nobody" });
        Assert.Equal((HttpStatusCode)422, unknown.StatusCode);
        Assert.Equal("user_not_found", (await server.JsonAsync(unknown)).GetProperty("code").GetString());

        // SMSOTPMandatory: the per-user opt-out is not honoured (WSO2 ignores the claim then).
        var optOut = await server.Client.PutAsJsonAsync(UserRoute("PRIMARY/alice"), new { mobile = Mobile, smsOtpDisabled = true });
        Assert.Equal(HttpStatusCode.Conflict, optOut.StatusCode);

        // RetryEnable + redirectToMultiOptionPageOnFailure: a wrong code may be retried and says so.
        await server.Client.PutAsJsonAsync(UserRoute("PRIMARY/alice"), new { mobile = Mobile });
        var sent = await server.JsonAsync(await server.PostAsync("api/otp/send", new { userId = "PRIMARY/alice" }));
        var wrong = await server.JsonAsync(await server.PostAsync("api/otp/verify", new { challengeId = sent.GetProperty("challengeId").GetString(), code = "00000000" }));
        Assert.Equal("invalid_code", wrong.GetProperty("status").GetString());
        Assert.True(wrong.GetProperty("retryAllowed").GetBoolean());
        Assert.True(wrong.GetProperty("redirectToMultiOptionPage").GetBoolean());

        // The right code, as the provider received it, verifies.
        var request = await ReceivedAsync(provider);
        var code = MessagePattern().Match(request.Fields()["Body"]).Groups["code"].Value;
        var verified = await server.JsonAsync(await server.PostAsync("api/otp/verify", new { challengeId = sent.GetProperty("challengeId").GetString(), code }));
        Assert.Equal("verified", verified.GetProperty("status").GetString());
    }

    private static async Task<LocalServerHost> StartAsync(WireMockServer provider, string idp, bool presets)
    {
        var (_, settings) = await ConfigOutput.ConvertAsync(presets
            ? ["--toml", Fixture.Toml, "--idp", Fixture.Idp(idp)]
            : ["--toml", Fixture.Toml, "--idp", Fixture.Idp(idp), "--no-presets"]);

        // Point the provider at the stand-in: a preset's BaseUrl, or the generic template's host.
        if (settings.ContainsKey("SmsOtp:Providers:0:Preset"))
        {
            settings["SmsOtp:Providers:0:BaseUrl"] = provider.Url;
        }
        else
        {
            settings["SmsOtp:Providers:0:Url"] = HostPattern().Replace(settings["SmsOtp:Providers:0:Url"]!, provider.Url!);
        }

        // What the operator put into Key Vault; locally SmsOtp:Secrets:<name>.
        foreach (var (name, value) in GatewayFixtures.Secrets)
        {
            settings["SmsOtp:Secrets:" + name] = value;
        }

        settings["SmsOtp:Delivery:RetryCount"] = "0";
        return await LocalServerHost.StartAsync(settings);
    }

    private static async Task<ProviderRequest> ReceivedAsync(WireMockServer provider)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (provider.LogEntries.Count() == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        return ProviderRequest.From(Assert.Single(provider.LogEntries));
    }

    internal static string UserRoute(string userId, string tenant = "default") =>
        $"api/users?tenant={Uri.EscapeDataString(tenant)}&userId={Uri.EscapeDataString(userId)}";

    [GeneratedRegex(@"^Verification Code: (?<code>\d{8})$")]
    private static partial Regex MessagePattern();

    [GeneratedRegex(@"^https?://[^/]+")]
    private static partial Regex HostPattern();
}
