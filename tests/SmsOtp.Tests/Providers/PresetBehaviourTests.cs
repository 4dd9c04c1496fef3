using System.Globalization;
using System.Web;
using SmsOtp.Tests.Delivery;
using WireMock.Logging;

namespace SmsOtp.Tests.Providers;

/// <summary>
/// What the presets send and how the pipeline treats their answers, beyond the documented examples: the sender and
/// encoding rules per provider, the deduplication ids that make a retry after a timeout safe at BulkSMS, body-level
/// "retry later" answers retried and counted by the circuit breaker, and a final 408 transient everywhere. All through
/// the real provider chain against WireMock.
/// </summary>
public sealed class PresetBehaviourTests
{
    private static readonly Dictionary<string, string?> AllSecrets = new()
    {
        ["SmsOtp:Providers:0:SecretPrefix"] = "p",
        ["SmsOtp:Secrets:p-account-sid"] = "AC1", ["SmsOtp:Secrets:p-auth-token"] = "t",
        ["SmsOtp:Secrets:p-api-key"] = "k", ["SmsOtp:Secrets:p-api-secret"] = "s",
        ["SmsOtp:Secrets:p-auth-id"] = "MA1", ["SmsOtp:Secrets:p-username"] = "u", ["SmsOtp:Secrets:p-password"] = "p",
    };

    public static TheoryData<string, string> SenderCases()
    {
        var data = new TheoryData<string, string>();
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(SendFixture.Directory, "twilio", "request-messaging-service-sid.json")));
        foreach (var c in doc.RootElement.GetProperty("cases").EnumerateArray())
        {
            data.Add(c.GetProperty("from").GetString()!, c.GetProperty("field").GetString()!);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(SenderCases))]
    public async Task Twilio_takes_only_MG_and_32_hex_digits_as_a_messaging_service(string from, string field)
    {
        var (entry, _) = await SendOnceAsync("twilio", 201, "{\"sid\":\"SM1\"}", new() { ["SmsOtp:Providers:0:From"] = from }, Sms());

        var form = Form(entry);
        Assert.Equal(from, form[field]);
        Assert.Null(form[field == "From" ? "MessagingServiceSid" : "From"]);
    }

    [Theory]
    [InlineData("+447700900000", "Your code is 123456 {€}", "447700900000", "text")]
    [InlineData("447700900000", "Código 123456 日本", "447700900000", "unicode")]
    [InlineData("Acme OTP", "Your code is 123456 ΔΦΓ", "Acme OTP", "text")]
    public async Task Vonage_sends_a_number_as_digits_and_unicode_only_when_the_text_is_not_GSM(string from, string text, string sentFrom, string type)
    {
        var (entry, _) = await SendOnceAsync("vonage", 200, "{\"messages\":[{\"status\":\"0\",\"message-id\":\"0A\"}]}",
            new() { ["SmsOtp:Providers:0:From"] = from }, DeliveryKit.Sms(DeliveryKit.Mobile, text, "123456"));

        var form = Form(entry);
        Assert.Equal(sentFrom, form["from"]);
        Assert.Equal(type, form["type"]);
        Assert.Equal(text, form["text"]);
    }

    [Theory]
    [InlineData("vonage", "+123456", null, "7-15 digits")]
    [InlineData("vonage", "TwelveLetter", null, "at most 11")]
    [InlineData("vonage", "Acme OTP Ltd", null, null)] // 10 characters once spaces are ignored
    [InlineData("vonage", "+447700900000", null, null)]
    [InlineData("clickatell", null, "v2", "one, platform")]
    [InlineData("clickatell", null, "PLATFORM", null)]
    [InlineData("clickatell", null, "one", null)]
    [InlineData("twilio", "+15005550006", "one", "does not apply")]
    [InlineData("bulksms-eapi", "Ωmega", null, "ISO-8859-1")]
    [InlineData("bulksms-eapi", "Café", null, null)]
    public void Preset_settings_are_checked_at_start(string preset, string? from, string? apiVersion, string? error)
    {
        var errors = new ProviderOptions { Preset = preset, From = from, ApiVersion = apiVersion }.Validate("SmsOtp:Providers:0:").ToList();

        if (error is null)
        {
            Assert.Empty(errors);
        }
        else
        {
            Assert.Contains(errors, e => e.StartsWith("SmsOtp:Providers:0:", StringComparison.Ordinal) && e.Contains(error, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void ApiVersion_on_a_generic_template_is_refused() =>
        Assert.Contains(new ProviderOptions { Url = "https://sms.example.com/send", ApiVersion = "one" }.Validate("p:"), e => e == "p:ApiVersion applies to presets only.");

    [Fact]
    public void A_reference_is_url_safe_and_at_most_64_characters()
    {
        Assert.Equal("a-Z_0.9~", Sms() with { Reference = "a-Z_0.9~" } is var sms ? sms.Reference : null);
        Assert.Throws<ArgumentException>(() => Sms() with { Reference = "$ctx.otp" });
        Assert.Throws<ArgumentException>(() => Sms() with { Reference = new string('a', 65) });
        Assert.Throws<ArgumentException>(() => Sms() with { Reference = "" });
    }

    [Fact]
    public async Task Clickatell_one_api_sends_the_reference_as_clientMessageId_and_the_platform_api_too()
    {
        var (one, _) = await SendOnceAsync("clickatell", 202, "{\"messages\":[{\"apiMessageId\":\"m1\",\"accepted\":true}],\"error\":null}",
            new(), Sms() with { Reference = "ref-1" });
        Assert.Equal("/v1/message", one.RequestMessage.Path);
        Assert.Equal("{\"messages\":[{\"channel\":\"sms\",\"to\":\"94778888888\",\"content\":\"Your code is 123456\",\"clientMessageId\":\"ref-1\"}]}", DeliveryKit.Body(one));

        var (none, _) = await SendOnceAsync("clickatell", 202, "{\"messages\":[{\"apiMessageId\":\"m1\",\"accepted\":true}],\"error\":null}", new(), Sms());
        Assert.Equal("{\"messages\":[{\"channel\":\"sms\",\"to\":\"94778888888\",\"content\":\"Your code is 123456\"}]}", DeliveryKit.Body(none));

        var (platform, result) = await SendOnceAsync("clickatell", 202, "{\"messages\":[{\"apiMessageId\":\"m2\",\"accepted\":true}]}",
            new() { ["SmsOtp:Providers:0:ApiVersion"] = "platform", ["SmsOtp:Providers:0:From"] = "+15005550006" }, Sms() with { Reference = "ref-1" });
        Assert.Equal("/messages", platform.RequestMessage.Path);
        Assert.Equal("{\"content\":\"Your code is 123456\",\"to\":[\"94778888888\"],\"from\":\"+15005550006\",\"clientMessageId\":\"ref-1\"}", DeliveryKit.Body(platform));
        Assert.Equal("m2", result.MessageId);
    }

    [Fact]
    public async Task BulkSms_sends_the_same_deduplication_id_when_a_code_is_sent_again_after_a_timeout()
    {
        // The delivery handler sends one more request for a code whose provider timed out (docs/reliability.md); with the
        // same reference, that request carries the same deduplication-id, so BulkSMS drops it if the first went out.
        using var server = WireMockServer.Start();
        var calls = 0;
        var queries = new System.Collections.Concurrent.ConcurrentQueue<string>();
        server.Given(Request.Create().WithPath("/v1/messages").UsingPost()).RespondWith(Response.Create().WithCallback(request =>
        {
            // The first answer comes after the client gave up (the SMS may have gone out); the others at once.
            queries.Enqueue(request.RawQuery ?? "");
            var call = Interlocked.Increment(ref calls);
            if (call == 1)
            {
                Thread.Sleep(TimeSpan.FromSeconds(3));
            }

            return new WireMock.ResponseMessage
            {
                StatusCode = 201,
                BodyData = new WireMock.Util.BodyData
                {
                    DetectedBodyType = WireMock.Types.BodyType.String,
                    BodyAsString = $"[{{\"id\":\"{call}\",\"status\":{{\"type\":\"ACCEPTED\"}}}}]",
                },
            };
        }));
        await using var services = Chain("bulksms", server, new() { ["SmsOtp:Providers:0:TimeoutSeconds"] = "1" });
        var chain = services.GetRequiredService<ProviderChain>();
        var code = Sms() with { Reference = "row-1.v3" };

        var timedOut = await chain.SendAsync(code, CancellationToken.None);
        var again = await chain.SendAsync(code, CancellationToken.None);
        var other = await chain.SendAsync(Sms() with { Reference = "row-1.v4" }, CancellationToken.None);
        var unreferenced = await chain.SendAsync(Sms(), CancellationToken.None);

        Assert.Equal(["bulksms"], timedOut.TimedOut);
        Assert.True(again.Accepted);
        Assert.Equal("2", again.MessageId);
        var ids = queries.Select(q => HttpUtility.ParseQueryString(q)["deduplication-id"]).ToList();
        Assert.Equal(4, ids.Count);
        Assert.Equal(ids[0], ids[1]);
        Assert.Equal(BulkSmsPreset.DeduplicationId("row-1.v3").ToString(CultureInfo.InvariantCulture), ids[0]);
        Assert.NotEqual(ids[0], ids[2]);
        Assert.Null(ids[3]); // no reference, no id: nothing is derived from the code or the number
        Assert.All(queries, q => Assert.Equal("true", HttpUtility.ParseQueryString(q)["auto-unicode"]));
    }

    [Fact]
    public async Task BulkSms_json_lets_BulkSMS_choose_the_encoding_and_allows_only_the_parts_the_text_needs()
    {
        var text = "Your code is 123456. " + new string('x', 150); // 171 GSM characters: two parts
        var (entry, _) = await SendOnceAsync("bulksms", 201, "[{\"id\":\"9\",\"status\":{\"type\":\"ACCEPTED\"}}]", new(), DeliveryKit.Sms(DeliveryKit.Mobile, text, "123456"));

        Assert.Equal("{\"to\":\"+94778888888\",\"body\":\"" + text + "\",\"longMessageMaxParts\":2}", DeliveryKit.Body(entry));
    }

    [Fact]
    public async Task BulkSms_eapi_sends_gsm_text_as_7bit_latin1_with_the_same_stop_dup_id_each_time()
    {
        using var server = WireMockServer.Start();
        server.Given(Request.Create().UsingPost()).RespondWith(Response.Create().WithStatusCode(200).WithBody("0|IN_PROGRESS|77"));
        await using var services = Chain("bulksms-eapi", server, new()
        {
            ["SmsOtp:Providers:0:From"] = "Café",
            ["SmsOtp:Secrets:p-username"] = "jöhn",
        });
        var sms = DeliveryKit.Sms(DeliveryKit.Mobile, "ΔΣ code 123456 é", "123456") with { Reference = "row-2.v1" };

        var result = await services.GetRequiredService<ProviderChain>().SendAsync(sms, CancellationToken.None);
        await services.GetRequiredService<ProviderChain>().SendAsync(sms, CancellationToken.None);

        Assert.Equal("77", result.MessageId);
        var entries = server.LogEntries.ToList();
        Assert.Equal("application/x-www-form-urlencoded; charset=ISO-8859-1", DeliveryKit.Header(entries[0], "Content-Type"));

        // ISO-8859-1 bytes, percent-encoded: é is %E9 (not UTF-8's %C3%A9); BulkSMS's own mapping sends Δ as 0xD0, Σ as 0xCA.
        var stopDup = BulkSmsPreset.StopDupId("row-2.v1").ToString(CultureInfo.InvariantCulture);
        Assert.Equal($"username=j%F6hn&password=p&msisdn=94778888888&message=%D0%CA+code+123456+%E9&dca=7bit&sender=Caf%E9&repliable=0&stop_dup_id={stopDup}",
            DeliveryKit.Body(entries[0]));
        Assert.Equal(DeliveryKit.Body(entries[0]), DeliveryKit.Body(entries[1]));
    }

    [Theory]
    [InlineData(60, "16bit", null)]
    [InlineData(80, "16bit", 2)]
    [InlineData(140, "16bit", 3)]
    public async Task BulkSms_eapi_sends_other_text_as_ucs2_and_concatenates_what_one_part_cannot_hold(int length, string dca, int? parts)
    {
        var text = ("日本 code 123456 " + new string('x', length))[..length];
        var (entry, _) = await SendOnceAsync("bulksms-eapi", 200, "0|IN_PROGRESS|1", new(), DeliveryKit.Sms(DeliveryKit.Mobile, text, "123456"));

        var form = Form(entry);
        Assert.Equal(dca, form["dca"]);
        Assert.Equal(Convert.ToHexString(Encoding.BigEndianUnicode.GetBytes(text)), form["message"]);
        Assert.Equal(parts is null ? null : "1", form["allow_concat_text_sms"]);
        Assert.Equal(parts?.ToString(CultureInfo.InvariantCulture), form["concat_text_sms_max_parts"]);
        Assert.Null(form["stop_dup_id"]);
    }

    [Fact]
    public async Task BulkSms_eapi_sends_the_euro_sign_as_ucs2_since_latin1_cannot_hold_it()
    {
        var (entry, _) = await SendOnceAsync("bulksms-eapi", 200, "0|IN_PROGRESS|1", new(), DeliveryKit.Sms(DeliveryKit.Mobile, "Pay 5 € code 123456", "123456"));

        Assert.Equal("16bit", Form(entry)["dca"]);
    }

    [Fact]
    public async Task A_retry_later_inside_a_200_is_retried_and_the_next_answer_counts()
    {
        using var server = WireMockServer.Start();
        server.Given(Request.Create().UsingPost()).InScenario("busy").WillSetStateTo("free")
            .RespondWith(Response.Create().WithStatusCode(200).WithBody("{\"message-count\":\"1\",\"messages\":[{\"status\":\"1\",\"error-text\":\"Throttled\"}]}"));
        server.Given(Request.Create().UsingPost()).InScenario("busy").WhenStateIs("free")
            .RespondWith(Response.Create().WithStatusCode(200).WithBody("{\"message-count\":\"1\",\"messages\":[{\"status\":\"0\",\"message-id\":\"0C1\"}]}"));
        await using var services = Chain("vonage", server, new() { ["SmsOtp:Providers:0:From"] = "Acme" });

        var result = await services.GetRequiredService<ProviderChain>().SendAsync(Sms(), CancellationToken.None);

        Assert.True(result.Accepted);
        Assert.Equal("0C1", result.MessageId);
        Assert.Equal(2, server.LogEntries.Count());
        Assert.Contains("Provider vonage failed transiently (1); attempt 2", DeliveryKit.LogText(services), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_provider_answering_throttled_in_a_200_opens_its_breaker_like_one_answering_503()
    {
        using var server = WireMockServer.Start();
        server.Given(Request.Create().UsingPost())
            .RespondWith(Response.Create().WithStatusCode(200).WithBody("{\"message-count\":\"1\",\"messages\":[{\"status\":\"1\"}]}"));
        await using var services = Chain("vonage", server, new()
        {
            ["SmsOtp:Providers:0:From"] = "Acme",
            ["SmsOtp:Delivery:RetryCount"] = "0",
            ["SmsOtp:Delivery:BreakerMinimumThroughput"] = "2",
            ["SmsOtp:Delivery:BreakerFailureRatio"] = "0.5",
            ["SmsOtp:Delivery:BreakerDurationSeconds"] = "60",
        });
        var chain = services.GetRequiredService<ProviderChain>();

        Assert.Equal(["vonage: Transient 1"], (await chain.SendAsync(Sms(), CancellationToken.None)).Failures);
        await chain.SendAsync(Sms(), CancellationToken.None);
        var third = await chain.SendAsync(Sms(), CancellationToken.None);

        Assert.Equal(["vonage: Transient circuit-open"], third.Failures);
        Assert.True(third.Transient);
        Assert.Equal(2, server.LogEntries.Count());
    }

    [Theory]
    [InlineData("twilio")]
    [InlineData("vonage")]
    [InlineData("clickatell")]
    [InlineData("plivo")]
    [InlineData("bulksms")]
    [InlineData("bulksms-eapi")]
    public async Task A_final_408_is_transient_for_every_preset(string preset)
    {
        using var server = WireMockServer.Start();
        server.Given(Request.Create().UsingPost()).RespondWith(Response.Create().WithStatusCode(408));
        await using var services = Chain(preset, server, new() { ["SmsOtp:Providers:0:From"] = "+15005550006", ["SmsOtp:Delivery:RetryCount"] = "1" });

        var result = await services.GetRequiredService<ProviderChain>().SendAsync(Sms(), CancellationToken.None);

        Assert.False(result.Accepted);
        Assert.True(result.Transient);
        Assert.Equal([$"{preset}: Transient 408"], result.Failures);
        Assert.Equal(2, server.LogEntries.Count());
    }

    [Fact]
    public async Task A_success_status_with_a_body_the_preset_cannot_read_is_accepted_without_an_id()
    {
        var (_, result) = await SendOnceAsync("twilio", 201, "<html>not json</html>", new() { ["SmsOtp:Providers:0:From"] = "+15005550006" }, Sms());

        Assert.True(result.Accepted);
        Assert.Null(result.MessageId);
    }

    private static SmsMessage Sms() => DeliveryKit.Sms(DeliveryKit.Mobile, "Your code is 123456", "123456");

    private static System.Collections.Specialized.NameValueCollection Form(ILogEntry entry)
    {
        var type = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(DeliveryKit.Header(entry, "Content-Type"));
        return HttpUtility.ParseQueryString(DeliveryKit.Body(entry), type.CharSet is { } cs ? Encoding.GetEncoding(cs) : Encoding.UTF8);
    }

    private static async Task<(ILogEntry Entry, DeliveryResult Result)> SendOnceAsync(string preset, int status, string body,
        Dictionary<string, string?> extra, SmsMessage sms)
    {
        using var server = WireMockServer.Start();
        server.Given(Request.Create().UsingPost()).RespondWith(Response.Create().WithStatusCode(status).WithBody(body));
        await using var services = Chain(preset, server, extra);

        var result = await services.GetRequiredService<ProviderChain>().SendAsync(sms, CancellationToken.None);

        return (Assert.Single(server.LogEntries), result);
    }

    private static ServiceProvider Chain(string preset, WireMockServer server, Dictionary<string, string?> extra)
    {
        var settings = new Dictionary<string, string?>(AllSecrets)
        {
            ["SmsOtp:Delivery:RetryCount"] = "2",
            ["SmsOtp:Providers:0:Preset"] = preset,
            ["SmsOtp:Providers:0:BaseUrl"] = server.Url,
            ["SmsOtp:Providers:0:From"] = preset is "twilio" or "vonage" or "plivo" ? "+15005550006" : null,
        };
        foreach (var (k, v) in extra)
        {
            settings[k] = v;
        }

        return DeliveryKit.ChainServices(settings);
    }
}
