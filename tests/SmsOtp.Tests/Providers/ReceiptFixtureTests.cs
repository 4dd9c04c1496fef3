using Microsoft.AspNetCore.WebUtilities;

namespace SmsOtp.Tests.Providers;

/// <summary>
/// Every receipt fixture (docs/providers.md §9-§10, <c>Providers/Fixtures/receipts</c>): the providers' own SDK vectors
/// and receipts as the providers document them. Each is checked by its scheme with the fixture's secret (valid or not
/// as the fixture says), then read by its preset's parser (status, message id, error code as documented).
/// </summary>
public sealed class ReceiptFixtureTests
{
    public static TheoryData<string> Fixtures()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(Path.Combine(SendFixture.Directory, "receipts"), "*.json").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileNameWithoutExtension(file));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Each_fixture_proves_itself_as_documented_and_reads_as_documented(string name)
    {
        var root = SendFixture.Load("receipts/" + name).Root;
        var (request, now) = Build(root.GetProperty("request"));
        var scheme = root.GetProperty("scheme").GetString()!;
        var secret = root.GetProperty("secret").GetString()!;
        var expected = root.GetProperty("expected");

        var valid = scheme switch
        {
            "twilio-hmac-sha1" => TwilioReceipts.IsAuthentic(request, [secret]),
            "plivo-v3" => PlivoReceipts.IsAuthentic(request, [secret]),
            "url-token" => ReceiptProof.Token(QueryHelpers.ParseQuery(request.Url.Query).GetValueOrDefault("token").ToString(), [secret]),
            _ => VonageReceipts.IsAuthentic(request, [secret], scheme["vonage-".Length..], now),
        };
        Assert.Equal(expected.GetProperty("valid").GetBoolean(), valid);

        // The same receipt with any other secret does not prove itself; nor with none.
        var others = scheme switch
        {
            "twilio-hmac-sha1" => TwilioReceipts.IsAuthentic(request, ["x" + secret]) || TwilioReceipts.IsAuthentic(request, []),
            "plivo-v3" => PlivoReceipts.IsAuthentic(request, ["x" + secret]) || PlivoReceipts.IsAuthentic(request, []),
            "url-token" => ReceiptProof.Token(secret, ["x" + secret]) || ReceiptProof.Token(secret, []),
            _ => VonageReceipts.IsAuthentic(request, ["x" + secret], scheme["vonage-".Length..], now) || VonageReceipts.IsAuthentic(request, [], "sha256", now),
        };
        Assert.False(others);

        var provider = root.GetProperty("provider").GetString()!;
        if (!expected.TryGetProperty("messageId", out var messageId))
        {
            return; // an SDK vector of another webhook (a call, an inbound SMS): its signature is the point
        }

        var reports = Parse(provider, request);
        Assert.NotNull(reports);
        var report = Assert.Single(reports);
        Assert.Equal(messageId.GetString(), report.MessageId);
        var status = expected.GetProperty("status").GetString();
        Assert.Equal(status ?? "intermediate", report.Status switch
        {
            ReceiptStatus.Delivered => "delivered",
            ReceiptStatus.Undelivered => "undelivered",
            ReceiptStatus.Failed => "failed",
            _ => "intermediate",
        });
        Assert.Equal(expected.GetProperty("errorCode").GetString(), report.ErrorCode);
    }

    [Fact]
    public void Vonage_refuses_a_signed_receipt_outside_five_minutes_of_now()
    {
        var root = SendFixture.Load("receipts/vonage-dlr-delivered-sha256").Root;
        var (request, now) = Build(root.GetProperty("request"));
        Assert.True(VonageReceipts.IsAuthentic(request, ["my_secret_key_for_testing"], "sha256", now.AddMinutes(4)));
        Assert.False(VonageReceipts.IsAuthentic(request, ["my_secret_key_for_testing"], "sha256", now.AddMinutes(6)));
        Assert.False(VonageReceipts.IsAuthentic(request, ["my_secret_key_for_testing"], "sha256", now.AddMinutes(-6)));
    }

    [Fact]
    public void Twilio_accepts_the_url_with_or_without_the_default_port_and_nothing_else()
    {
        var root = SendFixture.Load("receipts/twilio-status-delivered").Root;
        var (request, _) = Build(root.GetProperty("request"));
        var secret = root.GetProperty("secret").GetString()!;
        var url = request.Url.OriginalString;
        var withPort = new Uri(url.Replace("https://otp.example.com/", "https://otp.example.com:443/", StringComparison.Ordinal));
        Assert.True(TwilioReceipts.IsAuthentic(request with { Url = withPort }, [secret]));
        Assert.False(TwilioReceipts.IsAuthentic(request with { Url = new Uri(url.Replace("https://", "http://", StringComparison.Ordinal)) }, [secret]));
        Assert.False(TwilioReceipts.IsAuthentic(request with { Url = new Uri(url + "&x=1") }, [secret]));
    }

    [Fact]
    public void Plivo_accepts_any_of_several_signatures_in_the_header()
    {
        var root = SendFixture.Load("receipts/plivo-status-delivered").Root;
        var (request, _) = Build(root.GetProperty("request"));
        var secret = root.GetProperty("secret").GetString()!;
        var headers = new Dictionary<string, string>(request.Headers, StringComparer.OrdinalIgnoreCase);
        headers["X-Plivo-Signature-V3"] = "bm90LXRoaXMtb25l," + headers["X-Plivo-Signature-V3"];
        Assert.True(PlivoReceipts.IsAuthentic(request with { Headers = headers }, [secret]));
        headers.Remove("X-Plivo-Signature-V3-Nonce");
        Assert.False(PlivoReceipts.IsAuthentic(request with { Headers = headers }, [secret]));
    }

    [Fact]
    public void Receipts_that_are_not_the_providers_shape_do_not_read()
    {
        static ReceiptRequest Post(string type, string body) => new("POST", new Uri("https://otp.example.com/api/delivery/receipts/x?r=abc"),
            new Dictionary<string, string>(), type, body);

        Assert.Null(Parse("twilio", Post("application/x-www-form-urlencoded", "MessageStatus=delivered")));
        Assert.Null(Parse("twilio", Post("application/json", "{\"MessageSid\":\"SM1\",\"MessageStatus\":\"delivered\"}")));
        Assert.Null(Parse("plivo", Post("application/x-www-form-urlencoded", "Status=delivered&Status=failed&MessageUUID=a")));
        Assert.Null(Parse("bulksms", Post("application/json", "{\"id\":\"1\"}")));
        Assert.Null(Parse("bulksms", Post("application/json", "[{\"id\":\"1\"}]")));
        Assert.Null(Parse("clickatell", Post("application/json", "[1,2]")));
        Assert.Null(Parse("clickatell", Post("application/json", "not json")));
        Assert.Null(Parse("bulksms-eapi", Post("application/x-www-form-urlencoded", "status=11")));
        Assert.Null(Parse(null, Post("application/json", "{\"messageId\":\"m\"}")));
        Assert.Empty(Parse("clickatell", Post("application/json", "{\"event\":{\"moMessage\":[]}}"))!);
        Assert.Empty(Parse("bulksms", Post("application/json", "[]"))!);
    }

    [Fact]
    public void A_raw_template_receipt_reads_its_reference_status_id_and_error_code_from_a_form_or_json()
    {
        var url = new Uri("https://otp.example.com/api/delivery/receipts/acme?r=REF&token=t");
        var form = Parse(null, new("POST", url, new Dictionary<string, string>(), "application/x-www-form-urlencoded", "status=undelivered&messageId=m1&errorCode=E42"));
        var json = Parse(null, new("POST", url, new Dictionary<string, string>(), "application/json", "{\"status\":\"delivered\",\"messageId\":\"m1\",\"errorCode\":\"E42\"}"));
        Assert.Equal(new ReceiptReport("REF", "m1", ReceiptStatus.Undelivered, "E42", "undelivered"), Assert.Single(form!));
        Assert.Equal(new ReceiptReport("REF", "m1", ReceiptStatus.Delivered, null, "delivered"), Assert.Single(json!));
    }

    [Fact]
    public void A_clickatell_platform_api_callback_reads_too()
    {
        var body = "{\"integrationName\":\"otp\",\"messageId\":\"abc\",\"clientMessageId\":\"REF\",\"to\":\"94778888888\",\"statusCode\":10,\"status\":\"MESSAGE_EXPIRED\"}";
        var reports = Parse("clickatell", new("POST", new Uri("https://otp.example.com/api/delivery/receipts/clickatell?token=t"),
            new Dictionary<string, string>(), "application/json", body));
        Assert.Equal(new ReceiptReport("REF", "abc", ReceiptStatus.Undelivered, "10", "MESSAGE_EXPIRED"), Assert.Single(reports!));
    }

    /// <summary>The fixture's request as the handler builds it: GET parameters in the URL's query, a form or body as sent.</summary>
    private static (ReceiptRequest Request, DateTimeOffset Now) Build(JsonElement r)
    {
        var method = r.GetProperty("method").GetString()!;
        var url = r.GetProperty("url").GetString()!;
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (r.TryGetProperty("headers", out var h))
        {
            foreach (var header in h.EnumerateObject())
            {
                headers[header.Name] = header.Value.GetString()!;
            }
        }

        string body = "";
        string? type = headers.GetValueOrDefault("Content-Type");
        var now = DateTimeOffset.UtcNow;
        if (r.TryGetProperty("query", out var query))
        {
            var pairs = query.EnumerateObject().Select(p => new KeyValuePair<string, string?>(p.Name, p.Value.GetString())).ToList();
            url = QueryHelpers.AddQueryString(url, pairs);
            if (pairs.FirstOrDefault(p => p.Key == "timestamp").Value is { } ts)
            {
                now = DateTimeOffset.FromUnixTimeSeconds(long.Parse(ts, System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        if (r.TryGetProperty("form", out var form))
        {
            body = string.Join('&', form.EnumerateObject().Select(p => Uri.EscapeDataString(p.Name) + "=" + Uri.EscapeDataString(p.Value.GetString()!)));
            type ??= "application/x-www-form-urlencoded";
        }
        else if (r.TryGetProperty("body", out var text))
        {
            body = text.GetString()!;
        }

        return (new ReceiptRequest(method, new Uri(url), headers, type, body), now);
    }

    /// <summary>A receipt read as the preset reads it (a raw template's for null; null for a preset without receipts).</summary>
    private static IReadOnlyList<ReceiptReport>? Parse(string? preset, ReceiptRequest request) => ProviderPresets.ReceiptsOf(preset)?.Parse(request);
}
