using System.Text.RegularExpressions;
using SmsOtp.Tests.Delivery;
using WireMock.Logging;

namespace SmsOtp.Tests.Providers;

/// <summary>
/// Each preset, through the real send → queue → delivery handler → provider chain, against a WireMock
/// stand-in of the provider: the exact request (method, path, auth, content type, body) for a message
/// whose text needs escaping (<c>" &amp; + % #</c>) and holds non-ASCII text.
/// </summary>
public sealed class PresetRequestTests
{
    // The template's text after the code, escaped each way by hand (not by the code under test).
    private const string FormText = "%3A+%22a%26b%22+%2B100%25+%231+%C3%BC+%E6%97%A5%E6%9C%AC";
    private const string JsonText = ": \\\"a&b\\\" +100% #1 ü 日本";

    [Fact]
    public async Task Twilio_posts_the_form_with_basic_auth()
    {
        var (entry, code) = await DeliverAsync("twilio", "/2010-04-01/Accounts/AC0123/Messages.json", 201, "{\"sid\":\"SM1\",\"status\":\"queued\"}",
            new() { ["From"] = "+15005550006" },
            new() { ["twilio-account-sid"] = "AC0123", ["twilio-auth-token"] = "tok&en" });

        Assert.Equal("POST", entry.RequestMessage.Method);
        Assert.Equal(DeliveryKit.Basic("AC0123", "tok&en"), DeliveryKit.Header(entry, "Authorization"));
        Assert.StartsWith("application/x-www-form-urlencoded", DeliveryKit.Header(entry, "Content-Type"), StringComparison.Ordinal);
        Assert.Equal($"To=%2B94778888888&From=%2B15005550006&Body=C%C3%B3digo+{code}{FormText}", DeliveryKit.Body(entry));
    }

    [Fact]
    public async Task Twilio_uses_the_messaging_service_when_From_is_one()
    {
        var (entry, code) = await DeliverAsync("twilio", "/2010-04-01/Accounts/AC0123/Messages.json", 201, "{}",
            new() { ["From"] = "MG9752274e9e519418a7406176694466fa" },
            new() { ["twilio-account-sid"] = "AC0123", ["twilio-auth-token"] = "t" });

        Assert.Equal($"To=%2B94778888888&MessagingServiceSid=MG9752274e9e519418a7406176694466fa&Body=C%C3%B3digo+{code}{FormText}", DeliveryKit.Body(entry));
    }

    [Fact]
    public async Task Vonage_posts_the_form_with_key_and_secret_and_digits_only_number()
    {
        var (entry, code) = await DeliverAsync("vonage", "/sms/json", 200,
            "{\"message-count\":\"1\",\"messages\":[{\"to\":\"94778888888\",\"message-id\":\"0A\",\"status\":\"0\"}]}",
            new() { ["From"] = "Acme OTP" },
            new() { ["vonage-api-key"] = "k1", ["vonage-api-secret"] = "s+cr%t" });

        Assert.Equal("POST", entry.RequestMessage.Method);
        Assert.StartsWith("application/x-www-form-urlencoded", DeliveryKit.Header(entry, "Content-Type"), StringComparison.Ordinal);
        Assert.Equal($"api_key=k1&api_secret=s%2Bcr%25t&from=Acme+OTP&to=94778888888&text=C%C3%B3digo+{code}{FormText}&type=unicode",
            DeliveryKit.Body(entry));
    }

    [Fact]
    public async Task Nexmo_is_an_alias_of_vonage()
    {
        var (entry, _) = await DeliverAsync("nexmo", "/sms/json", 200, "{\"messages\":[{\"status\":\"0\"}]}",
            new() { ["From"] = "Acme" }, new() { ["vonage-api-key"] = "k", ["vonage-api-secret"] = "s" });
        Assert.StartsWith("api_key=k&api_secret=s&from=Acme&to=94778888888&", DeliveryKit.Body(entry), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Clickatell_posts_the_one_api_message_with_the_api_key_header()
    {
        var (entry, code) = await DeliverAsync("clickatell", "/v1/message", 202,
            "{\"messages\":[{\"apiMessageId\":\"x\",\"accepted\":true,\"to\":\"94778888888\",\"error\":null}],\"error\":null}",
            new(), new() { ["clickatell-api-key"] = "ck-Key==" });

        Assert.Equal("POST", entry.RequestMessage.Method);
        Assert.Equal("ck-Key==", DeliveryKit.Header(entry, "Authorization"));
        Assert.StartsWith("application/json", DeliveryKit.Header(entry, "Content-Type"), StringComparison.Ordinal);
        // The code's reference (spec §8) travels as clientMessageId, so Clickatell's callbacks name the code.
        Assert.Matches("^" + Regex.Escape("{\"messages\":[{\"channel\":\"sms\",\"to\":\"94778888888\",\"content\":\"Código " + code + JsonText + "\",\"clientMessageId\":\"")
            + "[A-Za-z0-9_-]{43}" + Regex.Escape("\"}]}") + "$", DeliveryKit.Body(entry));
    }

    [Fact]
    public async Task Clickatell_platform_api_posts_the_archived_shape()
    {
        var (entry, code) = await DeliverAsync("clickatell", "/messages", 202,
            "{\"messages\":[{\"apiMessageId\":\"x\",\"accepted\":true,\"to\":\"94778888888\",\"errorCode\":null,\"error\":null}],\"errorCode\":null,\"error\":null}",
            new() { ["ApiVersion"] = "platform" }, new() { ["clickatell-api-key"] = "ck-Key==" });

        Assert.Equal("ck-Key==", DeliveryKit.Header(entry, "Authorization"));
        Assert.Matches("^" + Regex.Escape("{\"content\":\"Código " + code + JsonText + "\",\"to\":[\"94778888888\"],\"clientMessageId\":\"")
            + "[A-Za-z0-9_-]{43}" + Regex.Escape("\"}") + "$", DeliveryKit.Body(entry));
    }

    [Fact]
    public async Task Plivo_posts_json_with_basic_auth_to_the_account_path()
    {
        var (entry, code) = await DeliverAsync("plivo", "/v1/Account/MA0123/Message/", 202,
            "{\"api_id\":\"1\",\"message\":\"message(s) queued\",\"message_uuid\":[\"u\"]}",
            new() { ["From"] = "+15005550006" },
            new() { ["plivo-auth-id"] = "MA0123", ["plivo-auth-token"] = "pt" });

        Assert.Equal(DeliveryKit.Basic("MA0123", "pt"), DeliveryKit.Header(entry, "Authorization"));
        Assert.StartsWith("application/json", DeliveryKit.Header(entry, "Content-Type"), StringComparison.Ordinal);
        Assert.Equal("{\"src\":\"+15005550006\",\"dst\":\"+94778888888\",\"text\":\"Código " + code + JsonText + "\"}", DeliveryKit.Body(entry));
    }

    [Fact]
    public async Task BulkSms_posts_json_v1_with_basic_auth()
    {
        var (entry, code) = await DeliverAsync("bulksms", "/v1/messages", 201,
            "[{\"id\":\"1\",\"type\":\"SENT\",\"status\":{\"type\":\"ACCEPTED\"}}]",
            new() { ["From"] = "Acme" },
            new() { ["bulksms-username"] = "user", ["bulksms-password"] = "p:w" });

        Assert.Equal(DeliveryKit.Basic("user", "p:w"), DeliveryKit.Header(entry, "Authorization"));

        // BulkSMS chooses GSM or UNICODE itself (auto-unicode), and the text may take no more parts than it needs.
        // A retry of the same code carries the same deduplication id (derived from the code's reference), so BulkSMS sends it once.
        Assert.Matches("^auto-unicode=true&deduplication-id=[0-9]+$", entry.RequestMessage.RawQuery?.TrimStart('?'));
        Assert.Matches("^" + Regex.Escape("{\"to\":\"+94778888888\",\"body\":\"Código " + code + JsonText + "\",\"from\":\"Acme\",\"longMessageMaxParts\":1,\"userSuppliedId\":\"")
            + "[A-Za-z0-9_-]{20}" + Regex.Escape("\"}") + "$", DeliveryKit.Body(entry));
    }

    [Fact]
    public async Task BulkSms_eapi_posts_the_latin1_form_with_non_gsm_text_as_ucs2_hex()
    {
        var (entry, code) = await DeliverAsync("bulksms-eapi", "/eapi/submission/send_sms/2/2.0", 200, "0|IN_PROGRESS|7331",
            new() { ["From"] = "Acme" },
            new() { ["bulksms-eapi-username"] = "user", ["bulksms-eapi-password"] = "p&w" });

        // UCS-2 big-endian, two bytes per character, as the EAPI documents for dca=16bit.
        var hex = string.Concat(DeliveryKit.Template.Replace("{code}", code, StringComparison.Ordinal).Select(c => ((int)c).ToString("X4")));
        Assert.Equal("application/x-www-form-urlencoded; charset=ISO-8859-1", DeliveryKit.Header(entry, "Content-Type"));
        Assert.Matches("^" + Regex.Escape($"username=user&password=p%26w&msisdn=94778888888&message={hex}&dca=16bit&sender=Acme&repliable=0&stop_dup_id=") + "[0-9]+$",
            DeliveryKit.Body(entry));
    }

    [Fact]
    public async Task Generic_template_escapes_for_url_and_json_and_resolves_secrets()
    {
        using var server = WireMockServer.Start();
        server.Given(Request.Create().UsingPost()).RespondWith(Response.Create().WithStatusCode(200));
        await using var h = await ServiceHarness.CreateAsync(new Dictionary<string, string?>
        {
            ["SmsOtp:MessageTemplate"] = DeliveryKit.Template,
            ["SmsOtp:Providers:0:Name"] = "custom",
            ["SmsOtp:Providers:0:Url"] = server.Url + "/send?to=$ctx.num&key={secret:custom-key}",
            ["SmsOtp:Providers:0:Headers"] = "Content-Type: application/json,X-Api-Key: {secret:custom-key}",
            ["SmsOtp:Providers:0:Payload"] = "{\"to\":\"$ctx.num\",\"msg\":\"$ctx.msg\",\"otp\":\"$ctx.otp\"}",
            ["SmsOtp:Secrets:custom-key"] = "a b&c",
        }, DeliveryKit.UseProviderChain);
        var user = new UserKey("default", "alice");
        await h.CreateUserAsync(user);
        Assert.Equal(OtpStatuses.Sent, (await h.Otp.SendAsync(user, CancellationToken.None)).Value!.Status);
        var code = await DeliveryKit.PeekCodeAsync(h);
        await h.DeliverAllAsync();

        var entry = Assert.Single(server.LogEntries);
        Assert.Equal("/send", entry.RequestMessage.Path);
        Assert.Equal("to=%2B94778888888&key=a%20b%26c", entry.RequestMessage.RawQuery?.TrimStart('?'));
        Assert.Equal("a b&c", DeliveryKit.Header(entry, "X-Api-Key"));
        Assert.Equal("{\"to\":\"+94778888888\",\"msg\":\"Código " + code + JsonText + "\",\"otp\":\"" + code + "\"}", DeliveryKit.Body(entry));

        // The URL holds the number and a secret: neither may reach a log (the HTTP client's own logging included).
        var logs = DeliveryKit.LogText(h.Services);
        Assert.DoesNotContain("8888888", logs, StringComparison.Ordinal);
        Assert.DoesNotContain("b%26c", logs, StringComparison.Ordinal);
    }

    private static async Task<(ILogEntry Entry, string Code)> DeliverAsync(string preset, string path, int status, string responseBody,
        Dictionary<string, string?> provider, Dictionary<string, string?> secrets)
    {
        using var server = WireMockServer.Start();
        server.Given(Request.Create().WithPath(path).UsingPost())
            .RespondWith(Response.Create().WithStatusCode(status).WithHeader("Content-Type", "application/json").WithBody(responseBody));
        var settings = new Dictionary<string, string?>
        {
            ["SmsOtp:MessageTemplate"] = DeliveryKit.Template,
            ["SmsOtp:Providers:0:Preset"] = preset,
            ["SmsOtp:Providers:0:BaseUrl"] = server.Url,
        };
        foreach (var (k, v) in provider)
        {
            settings["SmsOtp:Providers:0:" + k] = v;
        }

        foreach (var (k, v) in secrets)
        {
            settings["SmsOtp:Secrets:" + k] = v;
        }

        await using var h = await ServiceHarness.CreateAsync(settings, DeliveryKit.UseProviderChain);
        var user = new UserKey("default", "alice");
        await h.CreateUserAsync(user, DeliveryKit.Mobile);
        var sent = await h.Otp.SendAsync(user, CancellationToken.None);
        Assert.Equal(OtpStatuses.Sent, sent.Value!.Status);
        var code = await DeliveryKit.PeekCodeAsync(h);

        Assert.Equal(1, await h.DeliverAllAsync());

        var entry = Assert.Single(server.LogEntries);
        Assert.Equal("POST", entry.RequestMessage.Method);
        Assert.Equal(path, entry.RequestMessage.Path);

        // Accepted: the claim stays, so the code is not sent again, and the user can verify it.
        var verified = await h.Otp.VerifyAsync(sent.Value.ChallengeId!, code, CancellationToken.None);
        Assert.Equal(OtpStatuses.Verified, verified!.Status);
        return (entry, code);
    }
}
