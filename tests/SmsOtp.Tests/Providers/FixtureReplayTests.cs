using System.Globalization;
using System.Net.Http.Headers;
using System.Web;
using SmsOtp.Tests.Delivery;
using WireMock.Logging;

namespace SmsOtp.Tests.Providers;

/// <summary>
/// Every documented provider answer of <c>Providers/Fixtures</c> replayed through the real provider chain (the
/// service's own registration: presets, HTTP client, Polly pipeline, answer classifier) against a WireMock stand-in
/// that answers exactly as the provider documents, with a second provider behind it:
/// <list type="bullet">
/// <item>the request the preset sent matches the documented one: method, path, authentication, content type (and
/// charset where documented), and every documented query, form or JSON field;</item>
/// <item>the answer is classified as the fixture expects: accepted (with the provider's message id, the second
/// provider never called), transient (retried <c>RetryCount</c> times, then failed over, with the provider's code),
/// or refused (not retried, failed over at once, with the provider's code).</item>
/// </list>
/// </summary>
public sealed class FixtureReplayTests
{
    private const int Retries = 2;
    private const string Reference = "fixture-ref-1";

    // Per-message delivery-receipt parameters: the receipts work (issue 16 item 1) adds them, not the send presets.
    private static readonly HashSet<string> ReceiptFields = ["StatusCallback", "callback", "url", "method", "userSuppliedId", "want_report"];

    // Ids derived from the code's reference: the documented value is an example; ours must be a positive int32.
    private static readonly HashSet<string> DeduplicationFields = ["deduplication-id", "stop_dup_id"];

    public static TheoryData<string> Fixtures => SendFixture.All();

    [Theory]
    [MemberData(nameof(Fixtures))]
    public async Task The_documented_request_is_sent_and_the_documented_answer_classified(string id)
    {
        var fixture = SendFixture.Load(id);
        var setup = Setup(fixture);
        using var first = WireMockServer.Start();
        using var second = WireMockServer.Start();
        var answer = Response.Create().WithStatusCode(fixture.Response.GetProperty("status").GetInt32()).WithBody(fixture.Response.GetProperty("body").GetString()!);
        foreach (var header in Members(fixture.Response.TryGetProperty("headers", out var headers) ? headers : null))
        {
            answer = answer.WithHeader(header.Name, header.Value.GetString()!);
        }

        first.Given(Request.Create().WithPath(fixture.Path).UsingMethod(fixture.Method)).RespondWith(answer);
        second.Given(Request.Create().UsingPost()).RespondWith(Response.Create().WithStatusCode(200));
        var settings = new Dictionary<string, string?>
        {
            ["SmsOtp:Delivery:RetryCount"] = Retries.ToString(CultureInfo.InvariantCulture),
            ["SmsOtp:Delivery:MaxRetryAfterSeconds"] = "5",
            ["SmsOtp:Providers:0:Name"] = setup.Name,
            ["SmsOtp:Providers:1:Name"] = "second",
            ["SmsOtp:Providers:1:Url"] = second.Url + "/send",
            ["SmsOtp:Providers:1:Payload"] = "to=$ctx.num&text=$ctx.msg",
        };
        foreach (var (k, v) in setup.Settings(first.Url!))
        {
            settings[k] = v;
        }

        await using var services = DeliveryKit.ChainServices(settings);
        var result = await services.GetRequiredService<ProviderChain>().SendAsync(setup.Message with { Reference = Reference }, CancellationToken.None);

        AssertDocumentedRequest(fixture, setup, first.LogEntries.First());
        switch (fixture.Expected)
        {
            case "accepted":
                Assert.True(result.Accepted, string.Join("; ", result.Failures));
                Assert.Equal(setup.Name, result.Provider);
                Assert.Equal(fixture.MessageId, result.MessageId);
                Assert.Single(first.LogEntries);
                Assert.Empty(second.LogEntries);
                if (fixture.ErrorCode is { } remark)
                {
                    Assert.Contains($"Provider {setup.Name} accepted the SMS with a remark: {remark}", DeliveryKit.LogText(services), StringComparison.Ordinal);
                }

                break;
            case "transient":
                Assert.Equal("second", result.Provider);
                Assert.Equal([$"{setup.Name}: Transient {fixture.ErrorCode}"], result.Failures);
                Assert.Equal(1 + Retries, first.LogEntries.Count());
                break;
            case "rejected":
                Assert.Equal("second", result.Provider);
                Assert.Equal([$"{setup.Name}: Rejected {fixture.ErrorCode}"], result.Failures);
                Assert.Single(first.LogEntries);
                break;
            default:
                Assert.Fail($"Unknown expectation '{fixture.Expected}' in {id}.");
                break;
        }

        // No provider text (which may echo the number) and no number reaches a log.
        var logs = DeliveryKit.LogText(services);
        Assert.DoesNotContain(setup.Message.To.TrimStart('+')[2..], logs, StringComparison.Ordinal);
    }

    private static void AssertDocumentedRequest(SendFixture fixture, FixtureSetup setup, ILogEntry entry)
    {
        var request = entry.RequestMessage;
        Assert.Equal(fixture.Method, request.Method);
        Assert.Equal(fixture.Path, request.Path);
        var sentType = MediaTypeHeaderValue.Parse(DeliveryKit.Header(entry, "Content-Type"));
        foreach (var header in Members(fixture.Part("headers")))
        {
            var documented = header.Value.GetString()!;
            var sent = DeliveryKit.Header(entry, header.Name);
            if (header.Name == "Authorization")
            {
                Assert.Equal(setup.Authorization, sent);
            }
            else if (header.Name == "Content-Type")
            {
                var type = MediaTypeHeaderValue.Parse(documented);
                Assert.Equal(type.MediaType, sentType.MediaType);
                if (type.CharSet is { } charset)
                {
                    Assert.Equal(charset, sentType.CharSet, ignoreCase: true);
                }
            }
            else
            {
                Assert.Equal(documented, sent);
            }
        }

        if (fixture.Part("query") is { } query)
        {
            var sent = HttpUtility.ParseQueryString(request.RawQuery ?? "");
            foreach (var field in query.EnumerateObject())
            {
                AssertField(field.Name, field.Value.GetString()!, sent[field.Name]);
            }
        }

        var bytes = request.BodyAsBytes ?? [];
        if (fixture.Part("form") is { } form)
        {
            // Decoded with the charset the request declares (the EAPI's ISO-8859-1), as the provider reads it.
            var encoding = sentType.CharSet is { } cs ? Encoding.GetEncoding(cs) : Encoding.UTF8;
            var sent = HttpUtility.ParseQueryString(Encoding.ASCII.GetString(bytes), encoding);
            foreach (var field in form.EnumerateObject())
            {
                AssertField(field.Name, field.Value.GetString()!, sent[field.Name]);
            }
        }

        if (fixture.Part("json") is { } json)
        {
            using var sent = JsonDocument.Parse(bytes);
            AssertSubset(json, sent.RootElement, "$");
        }
    }

    private static List<JsonProperty> Members(JsonElement? element) => element is { } e ? [.. e.EnumerateObject()] : [];

    private static void AssertField(string name, string documented, string? sent)
    {
        if (ReceiptFields.Contains(name))
        {
            return;
        }

        Assert.True(sent is not null, $"The documented field '{name}' was not sent.");
        if (DeduplicationFields.Contains(name))
        {
            Assert.True(int.TryParse(sent, NumberStyles.None, CultureInfo.InvariantCulture, out var dedup) && dedup > 0, $"{name}={sent}");
        }
        else
        {
            Assert.Equal(documented == "<ref>" ? Reference : documented, sent);
        }
    }

    /// <summary>Every member the fixture documents is sent with the documented value (receipt fields aside).</summary>
    private static void AssertSubset(JsonElement documented, JsonElement sent, string path)
    {
        switch (documented.ValueKind)
        {
            case JsonValueKind.Object:
                Assert.Equal(JsonValueKind.Object, sent.ValueKind);
                foreach (var member in documented.EnumerateObject().Where(m => !ReceiptFields.Contains(m.Name)))
                {
                    Assert.True(sent.TryGetProperty(member.Name, out var value), $"The documented member {path}.{member.Name} was not sent.");
                    AssertSubset(member.Value, value, path + "." + member.Name);
                }

                break;
            case JsonValueKind.Array:
                Assert.Equal(JsonValueKind.Array, sent.ValueKind);
                Assert.Equal(documented.GetArrayLength(), sent.GetArrayLength());
                for (var i = 0; i < documented.GetArrayLength(); i++)
                {
                    AssertSubset(documented[i], sent[i], $"{path}[{i}]");
                }

                break;
            case JsonValueKind.String:
                Assert.Equal(documented.GetString() == "<ref>" ? Reference : documented.GetString(), sent.ValueKind == JsonValueKind.String ? sent.GetString() : sent.GetRawText());
                break;
            default:
                Assert.Equal(documented.GetRawText(), sent.GetRawText());
                break;
        }
    }

    /// <summary>How a fixture folder's preset is configured, and the SMS the documented request carries.</summary>
    private sealed record FixtureSetup(string Name, Func<string, Dictionary<string, string?>> Settings, SmsMessage Message, string? Authorization);

    private static FixtureSetup Setup(SendFixture f)
    {
        const string code = "123456";
        var json = f.Part("json");
        string Json(params string[] path)
        {
            var e = json!.Value;
            foreach (var step in path)
            {
                e = int.TryParse(step, out var i) ? e[i] : e.GetProperty(step);
            }

            return e.GetString()!;
        }

        Dictionary<string, string?> Preset(string url, string preset, string? from, Dictionary<string, string> secrets, string? apiVersion = null)
        {
            var s = new Dictionary<string, string?>
            {
                ["SmsOtp:Providers:0:Preset"] = preset,
                ["SmsOtp:Providers:0:BaseUrl"] = url,
                ["SmsOtp:Providers:0:From"] = from,
                ["SmsOtp:Providers:0:ApiVersion"] = apiVersion,
            };
            foreach (var (k, v) in secrets)
            {
                s["SmsOtp:Secrets:" + preset + "-" + k] = v;
            }

            return s;
        }

        var segments = f.Path.Split('/');
        switch (f.Folder)
        {
            case "twilio":
                {
                    var sid = segments[3];
                    return new("twilio", url => Preset(url, "twilio", f.Form("From"), new() { ["account-sid"] = sid, ["auth-token"] = "fixture-token" }),
                        DeliveryKit.Sms(f.Form("To")!, f.Form("Body")!, code), DeliveryKit.Basic(sid, "fixture-token"));
                }

            case "vonage":
                return new("vonage", url => Preset(url, "vonage", f.Form("from"), new() { ["api-key"] = f.Form("api_key")!, ["api-secret"] = f.Form("api_secret")! }),
                    DeliveryKit.Sms("+" + f.Form("to"), f.Form("text")!, code), null);
            case "clickatell-one":
                return new("clickatell-one", url => Preset(url, "clickatell", null, new() { ["api-key"] = "fixture-api-key" }),
                    DeliveryKit.Sms("+" + Json("messages", "0", "to"), Json("messages", "0", "content"), code), "fixture-api-key");
            case "clickatell-platform":
                return new("clickatell-platform", url => Preset(url, "clickatell", null, new() { ["api-key"] = "fixture-api-key" }, "platform"),
                    DeliveryKit.Sms("+" + Json("to", "0"), Json("content"), code), "fixture-api-key");
            case "plivo":
                {
                    var authId = segments[3];
                    return new("plivo", url => Preset(url, "plivo", Json("src"), new() { ["auth-id"] = authId, ["auth-token"] = "fixture-token" }),
                        DeliveryKit.Sms(Json("dst"), Json("text"), code), DeliveryKit.Basic(authId, "fixture-token"));
                }

            case "bulksms":
                return new("bulksms", url => Preset(url, "bulksms", null, new() { ["username"] = "fixture-user", ["password"] = "fixture-pass" }),
                    DeliveryKit.Sms(Json("to"), Json("body"), code), DeliveryKit.Basic("fixture-user", "fixture-pass"));
            case "bulksms-eapi":
                return new("bulksms-eapi", url => Preset(url, "bulksms-eapi", f.Form("sender"), new() { ["username"] = f.Form("username")!, ["password"] = f.Form("password")! }),
                    DeliveryKit.Sms("+" + f.Form("msisdn"), f.Form("message")!, code), null);
            case "generic":
                return new("generic", url => new()
                {
                    ["SmsOtp:Providers:0:Url"] = url + f.Path,
                    ["SmsOtp:Providers:0:Payload"] = "to=$ctx.num&text=$ctx.msg",
                }, DeliveryKit.Sms(DeliveryKit.Mobile, "Your code is " + code, code), null);
            default:
                throw new InvalidOperationException($"No preset for the fixture folder '{f.Folder}'.");
        }
    }
}
