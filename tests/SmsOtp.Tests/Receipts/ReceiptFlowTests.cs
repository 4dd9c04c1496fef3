using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace SmsOtp.Tests.Receipts;

/// <summary>
/// Delivery receipts end to end (spec §8), for each preset: the real local server on Azurite, the preset's provider
/// and a second (generic) provider as WireMock servers. The receipt is built and signed as the provider documents it,
/// from what the provider received (the callback URL or the client reference), and posted to the service's own
/// address behind <c>SmsOtp:Delivery:PublicBaseUrl</c>, as a proxy would forward it.
/// </summary>
public sealed partial class ReceiptFlowTests
{
    private const string PublicBase = "https://otp.example.com";
    private const string Mobile = "+94778888888";
    private const string TwilioToken = "twilio-auth-token-value";
    private const string PlivoToken = "plivo-auth-token-value";
    private const string VonageSecret = "vonage-signature-secret";
    private const string UrlToken = "tok-3f9c1e";

    public static TheoryData<string> Presets => new() { "twilio", "vonage", "plivo", "clickatell", "bulksms" };

    [Theory]
    [MemberData(nameof(Presets))]
    public async Task A_signed_receipt_moves_the_status_to_delivered_and_a_forged_one_changes_nothing(string preset)
    {
        await using var f = await Fixture.StartAsync(preset);
        var sent = await f.SendAsync("alice");
        var delivery = await f.WaitForAcceptanceAsync(sent, 1);

        var forged = await f.PostReceiptAsync(delivery, "delivered", forge: true);
        await HttpAsserts.AssertProblemAsync(f.Server, forged, HttpStatusCode.Unauthorized, "invalid_signature");
        Assert.Equal("sent", (await f.StatusAsync(sent)).GetProperty("deliveryStatus").GetString());

        Assert.Equal(HttpStatusCode.NoContent, (await f.PostReceiptAsync(delivery, "delivered")).StatusCode);
        var status = await f.StatusAsync(sent);
        Assert.Equal("delivered", status.GetProperty("deliveryStatus").GetString());
        Assert.Equal(preset, status.GetProperty("provider").GetString());

        // Replayed, or a late "undelivered": a final status is not undone, and nothing is sent again.
        Assert.Equal(HttpStatusCode.NoContent, (await f.PostReceiptAsync(delivery, "undelivered")).StatusCode);
        Assert.Equal("delivered", (await f.StatusAsync(sent)).GetProperty("deliveryStatus").GetString());
        Assert.Empty(f.Second.LogEntries);
    }

    [Theory]
    [MemberData(nameof(Presets))]
    public async Task An_undelivered_receipt_sends_exactly_one_fresh_code_through_the_next_provider(string preset)
    {
        await using var f = await Fixture.StartAsync(preset);
        var sent = await f.SendAsync("bob");
        var delivery = await f.WaitForAcceptanceAsync(sent, 1);

        Assert.Equal(HttpStatusCode.NoContent, (await f.PostReceiptAsync(delivery, "undelivered")).StatusCode);
        var code = await f.WaitForSecondProviderCodeAsync();
        var status = await f.StatusAsync(sent);
        Assert.Equal("rerouted", status.GetProperty("deliveryStatus").GetString());
        Assert.Equal(f.ResendsAfterOne, status.GetProperty("resendsRemaining").GetInt32());

        // Once per challenge: the same receipt again, or another failure, sends nothing more.
        Assert.Equal(HttpStatusCode.NoContent, (await f.PostReceiptAsync(delivery, "undelivered")).StatusCode);
        await Task.Delay(500);
        Assert.Single(f.Second.LogEntries);
        Assert.Single(f.First.LogEntries);

        var verified = await f.Server.JsonAsync(await f.Server.PostAsync("api/otp/verify", new { challengeId = sent.GetProperty("challengeId").GetString(), code }));
        Assert.Equal("verified", verified.GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_receipt_for_an_unknown_provider_or_with_an_unknown_reference_changes_nothing()
    {
        await using var f = await Fixture.StartAsync("twilio");
        var unknown = await f.Server.Client.PostAsync("api/delivery/receipts/nosuch", new FormUrlEncodedContent([new("MessageStatus", "delivered")]));
        await HttpAsserts.AssertProblemAsync(f.Server, unknown, HttpStatusCode.NotFound, "not_found");

        // A reference this service never made fails its MAC before any storage read; signed or not, nothing changes.
        var madeUp = new Delivery("twilio", PublicBase + "/api/delivery/receipts/twilio?r=" + new string('A', 43), "SM1", null);
        var response = await f.PostReceiptAsync(madeUp, "delivered");
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }

    /// <summary>What the first provider received and answered: where its receipt goes and under which id.</summary>
    public sealed record Delivery(string Preset, string? CallbackUrl, string MessageId, string? Reference);

    internal sealed partial class Fixture : IAsyncDisposable
    {
        private Fixture(string preset, WireMockServer first, WireMockServer second, LocalServerHost server)
        {
            Preset = preset;
            First = first;
            Second = second;
            Server = server;
        }

        public string Preset { get; }
        public WireMockServer First { get; }
        public WireMockServer Second { get; }
        public LocalServerHost Server { get; }
        public int ResendsAfterOne => 4;

        public static async Task<Fixture> StartAsync(string preset)
        {
            var first = WireMockServer.Start();
            var (status, body) = Answer(preset);
            first.Given(Request.Create().UsingPost()).RespondWith(Response.Create().WithStatusCode(status).WithHeader("Content-Type", "application/json").WithBody(body));
            var second = WireMockServer.Start();
            second.Given(Request.Create().WithPath("/sms").UsingPost()).RespondWith(Response.Create().WithStatusCode(202));
            var settings = new Dictionary<string, string?>
            {
                ["SmsOtp:Delivery:PublicBaseUrl"] = PublicBase,
                ["SmsOtp:Delivery:RetryCount"] = "0",
                ["SmsOtp:Providers:0:Preset"] = preset,
                ["SmsOtp:Providers:0:BaseUrl"] = first.Url,
                ["SmsOtp:Providers:0:From"] = preset == "vonage" ? "Acme" : "+15005550006",
                ["SmsOtp:Providers:1:Name"] = "backup",
                ["SmsOtp:Providers:1:Url"] = second.Url + "/sms",
                ["SmsOtp:Providers:1:Headers"] = "Content-Type: application/json",
                ["SmsOtp:Providers:1:Payload"] = "{\"to\":\"$ctx.num\",\"text\":\"$ctx.msg\"}",
                ["SmsOtp:Secrets:twilio-account-sid"] = "AC0123456789abcdef0123456789abcdef",
                ["SmsOtp:Secrets:twilio-auth-token"] = TwilioToken,
                ["SmsOtp:Secrets:vonage-api-key"] = "key",
                ["SmsOtp:Secrets:vonage-api-secret"] = "secret",
                ["SmsOtp:Secrets:vonage-sig"] = VonageSecret,
                ["SmsOtp:Secrets:plivo-auth-id"] = "MAXXXXXXXXXXXXXXXXXX",
                ["SmsOtp:Secrets:plivo-auth-token"] = PlivoToken,
                ["SmsOtp:Secrets:clickatell-api-key"] = "key",
                ["SmsOtp:Secrets:bulksms-username"] = "user",
                ["SmsOtp:Secrets:bulksms-password"] = "pass",
                ["SmsOtp:Secrets:receipt-token"] = UrlToken,
            };
            switch (preset)
            {
                case "vonage":
                    settings["SmsOtp:Providers:0:SignatureSecret"] = "{secret:vonage-sig}";
                    settings["SmsOtp:Providers:0:SignatureMethod"] = "sha256";
                    break;
                case "clickatell" or "bulksms":
                    settings["SmsOtp:Providers:0:ReceiptToken"] = "{secret:receipt-token}";
                    break;
            }

            var server = await LocalServerHost.StartAsync(settings);
            return new Fixture(preset, first, second, server);
        }

        public async Task<JsonElement> SendAsync(string userId)
        {
            Assert.Equal(HttpStatusCode.OK, (await Server.Client.PutAsJsonAsync($"api/users?userId={userId}", new { mobile = Mobile })).StatusCode);
            var response = await Server.PostAsync("api/otp/send", new { userId });
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return await Server.JsonAsync(response);
        }

        public async Task<JsonElement> StatusAsync(JsonElement sent) =>
            await Server.JsonAsync(await Server.Client.GetAsync("api/otp/status?challengeId=" + sent.GetProperty("challengeId").GetString()));

        /// <summary>Waits until the first provider took the SMS and the service kept its message id (the status names the provider).</summary>
        public async Task<Delivery> WaitForAcceptanceAsync(JsonElement sent, int count)
        {
            var deadline = DateTime.UtcNow.AddSeconds(20);
            while (DateTime.UtcNow < deadline)
            {
                if (First.LogEntries.Count() >= count && (await StatusAsync(sent)).TryGetProperty("provider", out _))
                {
                    var body = First.LogEntries.ElementAt(count - 1).RequestMessage.Body!;
                    return Read(Preset, body);
                }

                await Task.Delay(50);
            }

            throw new TimeoutException("The first provider's acceptance was not recorded.");
        }

        public async Task<string> WaitForSecondProviderCodeAsync()
        {
            var deadline = DateTime.UtcNow.AddSeconds(20);
            while (!Second.LogEntries.Any() && DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }

            var text = JsonDocument.Parse(Second.LogEntries.Single().RequestMessage.Body!).RootElement.GetProperty("text").GetString()!;
            return CodePattern().Match(text).Value;
        }

        public Task<HttpResponseMessage> PostReceiptAsync(Delivery delivery, string status, bool forge = false)
        {
            var request = Receipts.Build(delivery, status, forge);
            return Server.Client.SendAsync(request);
        }

        public async ValueTask DisposeAsync()
        {
            await Server.DisposeAsync();
            First.Dispose();
            Second.Dispose();
        }

        private static (int Status, string Body) Answer(string preset) => preset switch
        {
            "twilio" => (201, """{"sid":"SM0a1b2c3d4e5f60718293a4b5c6d7e8f9","status":"queued"}"""),
            "vonage" => (200, """{"message-count":"1","messages":[{"to":"94778888888","message-id":"0B00000127FDBC63","status":"0"}]}"""),
            "plivo" => (202, """{"api_id":"x","message":"message(s) queued","message_uuid":["5b40a428-bfc7-4daf-9d06-726c558bf3b8"]}"""),
            "clickatell" => (202, """{"messages":[{"apiMessageId":"77fb29998253415fa5d66971d519d362","accepted":true,"to":"94778888888"}],"error":null}"""),
            _ => (201, """[{"id":"4023457654","type":"SENT","to":"+94778888888","status":{"id":"ACCEPTED.null","type":"ACCEPTED","subtype":null}}]"""),
        };

        /// <summary>The callback URL (Twilio, Vonage, Plivo) or the client reference (Clickatell, BulkSMS) the provider was given.</summary>
        private static Delivery Read(string preset, string body)
        {
            var (_, answer) = Answer(preset);
            switch (preset)
            {
                case "twilio":
                    return new(preset, Form(body)["StatusCallback"], "SM0a1b2c3d4e5f60718293a4b5c6d7e8f9", null);
                case "vonage":
                    return new(preset, Form(body)["callback"], "0B00000127FDBC63", null);
                case "plivo":
                    return new(preset, JsonDocument.Parse(body).RootElement.GetProperty("url").GetString(), "5b40a428-bfc7-4daf-9d06-726c558bf3b8", null);
                case "clickatell":
                    var clientId = JsonDocument.Parse(body).RootElement.GetProperty("messages")[0].GetProperty("clientMessageId").GetString();
                    return new(preset, null, "77fb29998253415fa5d66971d519d362", clientId);
                default:
                    var userSupplied = JsonDocument.Parse(body).RootElement.GetProperty("userSuppliedId").GetString();
                    _ = answer;
                    return new(preset, null, "4023457654", userSupplied);
            }
        }

        private static Dictionary<string, string> Form(string body) =>
            body.Split('&').Select(p => p.Split('=', 2)).ToDictionary(p => WebUtility.UrlDecode(p[0]), p => WebUtility.UrlDecode(p.Length > 1 ? p[1] : ""));

        [GeneratedRegex("[0-9]{6}")]
        private static partial Regex CodePattern();
    }

    /// <summary>Receipts as each provider documents them (docs/providers.md §9, §10), signed with the configured secrets.</summary>
    internal static class Receipts
    {
        public static HttpRequestMessage Build(Delivery d, string status, bool forge)
        {
            var undelivered = status != "delivered";
            switch (d.Preset)
            {
                case "twilio":
                {
                    var form = new SortedDictionary<string, string>(StringComparer.Ordinal)
                    {
                        ["AccountSid"] = "AC0123456789abcdef0123456789abcdef", ["MessageSid"] = d.MessageId, ["SmsSid"] = d.MessageId,
                        ["MessageStatus"] = undelivered ? "undelivered" : "delivered", ["To"] = Mobile, ["From"] = "+15005550006",
                        ["ApiVersion"] = "2010-04-01",
                    };
                    if (undelivered)
                    {
                        form["ErrorCode"] = "30003";
                    }

                    var signed = d.CallbackUrl + string.Concat(form.Select(p => p.Key + p.Value));
                    var signature = Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(forge ? "wrong" : TwilioToken), Encoding.UTF8.GetBytes(signed)));
                    var request = Post(d.CallbackUrl!, new FormUrlEncodedContent(form));
                    request.Headers.Add("X-Twilio-Signature", signature);
                    return request;
                }

                case "vonage":
                {
                    var fields = new SortedDictionary<string, string>(StringComparer.Ordinal)
                    {
                        ["msisdn"] = "94778888888", ["to"] = "Acme", ["network-code"] = "41301", ["messageId"] = d.MessageId,
                        ["price"] = "0.03330000", ["status"] = undelivered ? "expired" : "delivered", ["scts"] = "2611260800",
                        ["err-code"] = undelivered ? "27" : "0", ["message-timestamp"] = "2026-11-26 08:00:10",
                        ["api-key"] = "key", ["timestamp"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture),
                        ["nonce"] = Guid.NewGuid().ToString(),
                    };
                    var signed = "&" + string.Join('&', fields.Select(p => p.Key + "=" + p.Value.Replace('&', '_').Replace('=', '_')));
                    // Lower-case hex: the service compares the signature's bytes, so a fuzzed 'A' → 'a' in upper-case hex would
                    // still be the genuine signature (the fixture tests cover Vonage's upper-case form).
                    fields["sig"] = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(forge ? "wrong" : VonageSecret), Encoding.UTF8.GetBytes(signed)));
                    return Post(d.CallbackUrl!, JsonContent.Create(fields));
                }

                case "plivo":
                {
                    var form = new SortedDictionary<string, string>(StringComparer.Ordinal)
                    {
                        ["From"] = "15005550006", ["To"] = "94778888888", ["Type"] = "sms", ["Status"] = undelivered ? "undelivered" : "delivered",
                        ["MessageUUID"] = d.MessageId, ["ParentMessageUUID"] = d.MessageId, ["PartInfo"] = "1 of 1", ["Units"] = "1",
                        ["ErrorCode"] = undelivered ? "80" : "000",
                    };
                    var nonce = "05429567804466091622";
                    var url = new Uri(d.CallbackUrl!);
                    var query = string.Join('&', url.Query.TrimStart('?').Split('&').Order(StringComparer.Ordinal));
                    var signed = url.GetLeftPart(UriPartial.Path) + "?" + query + "." + string.Concat(form.Select(p => p.Key + p.Value)) + "." + nonce;
                    var signature = Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(forge ? "wrong" : PlivoToken), Encoding.UTF8.GetBytes(signed)));
                    var request = Post(d.CallbackUrl!, new FormUrlEncodedContent(form));
                    request.Headers.Add("X-Plivo-Signature-V3", signature);
                    request.Headers.Add("X-Plivo-Signature-V3-Nonce", nonce);
                    return request;
                }

                case "clickatell":
                {
                    var body = JsonSerializer.Serialize(new
                    {
                        integrationId = "fa8090815c5e1e8f015c5f1a67a90057",
                        integrationName = "otp",
                        @event = new
                        {
                            messageStatusUpdate = new[]
                            {
                                new
                                {
                                    channel = "sms", messageId = d.MessageId, clientMessageId = d.Reference,
                                    status = undelivered ? "DELIVERY_FAILURE" : "DEVICE_ACK", statusCode = undelivered ? 23 : 5, timestamp = 1722370360000,
                                },
                            },
                        },
                    });
                    return Post(PublicBase + "/api/delivery/receipts/clickatell?token=" + (forge ? "nope" : UrlToken), new StringContent(body, Encoding.UTF8, "application/json"));
                }

                default:
                {
                    var body = JsonSerializer.Serialize(new[]
                    {
                        new
                        {
                            id = d.MessageId, type = "SENT", to = Mobile,
                            status = new { id = undelivered ? "FAILED.EXPIRED" : "DELIVERED.null", type = undelivered ? "FAILED" : "DELIVERED", subtype = undelivered ? "EXPIRED" : null },
                            userSuppliedId = d.Reference,
                        },
                    });
                    return Post(PublicBase + "/api/delivery/receipts/bulksms?token=" + (forge ? "nope" : UrlToken), new StringContent(body, Encoding.UTF8, "application/json"));
                }
            }
        }

        /// <summary>A request to the local server at the path and query of <paramref name="publicUrl"/> (as a proxy forwards it).</summary>
        private static HttpRequestMessage Post(string publicUrl, HttpContent content)
        {
            var url = new Uri(publicUrl);
            return new HttpRequestMessage(HttpMethod.Post, url.PathAndQuery.TrimStart('/')) { Content = content };
        }
    }
}
