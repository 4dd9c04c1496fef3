namespace SmsOtp.Core.Providers.Presets.BulkSms;

/// <summary>
/// BulkSMS, two APIs.
/// <list type="bullet">
/// <item><c>bulksms</c>: the JSON REST API v1, <c>POST {base}/v1/messages?auto-unicode=true</c>, HTTP Basic (username or
/// token id : password or token secret), JSON <c>{"to", "body", "from"?, "longMessageMaxParts"}</c>: BulkSMS picks GSM
/// or UNICODE itself (<c>auto-unicode</c>) and the text may take no more parts than it needs. With a
/// <see cref="SmsMessage.Reference"/>, <c>deduplication-id</c> (an int32 derived from it) makes a resend of the same
/// code within ~12 h a no-op at BulkSMS, so a retry after a timeout cannot send a second SMS. 201 with an array of
/// messages (<c>[0].id</c> is the message id; one in state FAILED is a refusal with its subtype); errors as problem
/// JSON whose <c>type</c> fragment is the code kept, classified by the status (429, 5xx transient).</item>
/// <item><c>bulksms-eapi</c>: the older HTTP API, <c>POST {base}/eapi/submission/send_sms/2/2.0</c>, form fields in
/// ISO-8859-1 as BulkSMS asks: <c>username</c>, <c>password</c>, <c>msisdn</c>, <c>message</c>, <c>dca</c>
/// (<c>7bit</c> with BulkSMS's GSM mapping when the text fits GSM-7, else <c>16bit</c> with the text as UCS-2 hex),
/// concatenation when the text needs more than one part, <c>sender</c>?, <c>repliable=0</c> and, with a reference,
/// <c>stop_dup_id</c>. It answers 200 with <c>status_code|status_description|batch_id</c>: 0 (in progress) and 1
/// (scheduled) are accepted, the batch id being the message id; 40 (temporarily unavailable) and 26/28 (upstream
/// credits/quota) are transient, as BulkSMS says to resend on them; any other code is a refusal. Every HTTP status
/// other than 200 is transient, as BulkSMS documents.</item>
/// </list>
/// </summary>
internal static class BulkSmsPreset
{
    private static readonly HashSet<string> EapiAccepted = ["0", "1"];
    private static readonly HashSet<string> EapiTransient = ["26", "28", "40"];

    // BulkSMS's own 7-bit sample (character_resolve): the Greek capitals of the GSM table travel as these ISO-8859-1
    // code points; every other GSM-7 character but the euro sign is its own Latin-1 character.
    private static readonly Dictionary<char, char> GreekToLatin1 = new()
    {
        ['Δ'] = '\u00D0', ['Φ'] = '\u00DE', ['Γ'] = '\u00AC', ['Λ'] = '\u00C2', ['Ω'] = '\u00DB',
        ['Π'] = '\u00BA', ['Ψ'] = '\u00DD', ['Σ'] = '\u00CA', ['Θ'] = '\u00D4', ['Ξ'] = '\u00B1',
    };

    public static PresetDefinition Definition { get; } = new("bulksms", "https://api.bulksms.com", false, Build)
    {
        Receipts = BulkSmsReceipts.Receipts,
    };

    public static PresetDefinition Eapi { get; } = new("bulksms-eapi", "https://bulksms.vsms.net", false, BuildEapi)
    {
        Validate = (options, prefix) => options.From is { } from && !TemplateRenderer.FitsLatin1(from)
            ? [$"{prefix}From: the bulksms-eapi sender must fit ISO-8859-1 (the EAPI's parameter encoding)."]
            : [],
    };

    /// <summary>BulkSMS's <c>deduplication-id</c> for a code's reference.</summary>
    public static int DeduplicationId(string reference) => PresetIds.Deduplication("bulksms-deduplication-id", reference);

    /// <summary>The EAPI's <c>stop_dup_id</c> for a code's reference.</summary>
    public static int StopDupId(string reference) => PresetIds.Deduplication("bulksms-eapi-stop-dup-id", reference);

    private static ProviderTemplate Build(PresetInput p) =>
        p.Post(
            p.BaseUrl + "/v1/messages?auto-unicode=true",
            PresetInput.JsonHeaders,
            "{\"to\":\"$ctx.num\",\"body\":\"$ctx.msg\"" + p.JsonFromMember + "}") with
        {
            BasicAuth = (p.Secret("username"), p.Secret("password")),
            ForMessage = (t, sms) => t with
            {
                Url = t.Url + (sms.Reference is { } reference ? "&deduplication-id=" + Digits(DeduplicationId(reference)) : ""),
                Payload = t.Payload![..^1] + ",\"longMessageMaxParts\":" + Digits(SmsSegmentCounter.Count(sms.Text).Segments)
                    + (sms.Reference is { } r && MessageReference.Short(r) is { } shortReference ? ",\"userSuppliedId\":\"" + shortReference + "\"" : "") + "}",
            },
            ReadAnswer = (status, body) => status is >= 200 and < 300 && PresetJson.Parse(body) is { ValueKind: JsonValueKind.Array } messages
                ? JudgeJson(messages)
                : null,
            ReadErrorCode = ProblemType,
        };

    private static ProviderTemplate BuildEapi(PresetInput p) =>
        p.Post(
            p.BaseUrl + "/eapi/submission/send_sms/2/2.0",
            [new("Content-Type", "application/x-www-form-urlencoded; charset=ISO-8859-1")],
            "username=" + p.Secret("username") + "&password=" + p.Secret("password") + "&msisdn=$ctx.num&message=$ctx.msg",
            200,
            digitsOnlyNumber: true) with
        {
            ForMessage = (t, sms) =>
            {
                var sevenBit = SmsSegmentCounter.IsGsm7(sms.Text) && !sms.Text.Contains('€', StringComparison.Ordinal);
                var parts = sevenBit ? SmsSegmentCounter.Count(sms.Text).Segments : Ucs2Parts(sms.Text);
                return t with
                {
                    Payload = t.Payload
                        + (sevenBit ? "&dca=7bit" : "&dca=16bit")
                        + (parts > 1 ? "&allow_concat_text_sms=1&concat_text_sms_max_parts=" + Digits(parts) : "")
                        + (string.IsNullOrEmpty(p.From) ? "" : "&sender=" + p.FromFor(TemplateContext.FormLatin1))
                        + "&repliable=0"
                        + (sms.Reference is { } reference ? "&stop_dup_id=" + Digits(StopDupId(reference)) : ""),
                    EncodeMessage = sevenBit ? SevenBit : Ucs2Hex,
                };
            },
            ReadAnswer = ReadEapi,
        };

    /// <summary>The first message decides (we send one): FAILED is a refusal with its subtype, anything else accepted.</summary>
    private static ProviderResult JudgeJson(JsonElement messages)
    {
        var first = messages.GetArrayLength() > 0 ? messages[0] : default;
        if (first.ValueKind == JsonValueKind.Object && PresetJson.Object(first, "status") is { } state && PresetJson.Scalar(state, "type") == "FAILED")
        {
            return ProviderResult.Rejected(PresetJson.Scalar(state, "subtype") ?? "FAILED");
        }

        return ProviderResult.AcceptedAs(first.ValueKind == JsonValueKind.Object ? PresetJson.Scalar(first, "id") : null);
    }

    /// <summary>Problem JSON: <c>"type": "https://developer.bulksms.com/json/v1/errors#invalid-credentials"</c> → its fragment.</summary>
    private static string? ProblemType(string body)
    {
        var type = PresetJson.Parse(body) is { } json ? PresetJson.Scalar(json, "type") : null;
        return type is null ? null : type[(type.LastIndexOfAny(['#', '/']) + 1)..];
    }

    private static ProviderResult? ReadEapi(int status, string body)
    {
        if (status != 200)
        {
            return ProviderResult.Transient(PresetJson.Code(status));
        }

        var fields = body.Trim().Split('|');
        var code = fields[0];
        if (fields.Length < 2 || code.Length == 0 || !code.All(char.IsAsciiDigit))
        {
            return null;
        }

        if (EapiAccepted.Contains(code))
        {
            return ProviderResult.AcceptedAs(fields.Length > 2 && fields[2].Trim() is { Length: > 0 } batch ? batch : null);
        }

        return EapiTransient.Contains(code) ? ProviderResult.Transient(code) : ProviderResult.Rejected(code);
    }

    /// <summary>GSM-7 text as the ISO-8859-1 characters the EAPI reads it from (the form encoding makes them bytes).</summary>
    private static string SevenBit(string text)
    {
        var result = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            result.Append(GreekToLatin1.TryGetValue(c, out var latin1) ? latin1 : c);
        }

        return result.ToString();
    }

    private static string Ucs2Hex(string text) => Convert.ToHexString(Encoding.BigEndianUnicode.GetBytes(text));

    /// <summary>UCS-2 parts: 70 units in one, 67 per part when concatenated.</summary>
    private static int Ucs2Parts(string text) => text.Length <= SmsSegmentCounter.Ucs2SingleSegment
        ? 1
        : (text.Length + SmsSegmentCounter.Ucs2PerPart - 1) / SmsSegmentCounter.Ucs2PerPart;

    private static string Digits(int value) => value.ToString(CultureInfo.InvariantCulture);
}
