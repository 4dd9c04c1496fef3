namespace SmsOtp.Core.Providers.Presets.Clickatell;

/// <summary>
/// Clickatell, two APIs on one host, chosen by <c>ApiVersion</c>. Both authenticate with the integration's API key as
/// the <c>Authorization</c> header, send the number as digits, add <c>"from"</c> for a two-way number, and send the
/// code's <see cref="SmsMessage.Reference"/> as <c>clientMessageId</c> (echoed in Clickatell's callbacks; not a
/// deduplication key: Clickatell documents none).
/// <list type="bullet">
/// <item><c>one</c> (default), the current One API: <c>POST {base}/v1/message</c>,
/// <c>{"messages":[{"channel":"sms","to","content"}]}</c>; 202 with <c>messages[0].apiMessageId</c>. An error is
/// <c>{"code", "description"}</c>, globally (<c>error</c>) or per message (<c>messages[].error</c>); it decides, not
/// the HTTP status: codes 18 and 19 (internal error, "please retry") and 43 (rate limit, sent as HTTP 400) are
/// transient, every other code a refusal.</item>
/// <item><c>platform</c>, the archived Platform API: <c>POST {base}/messages</c>, <c>{"content", "to": [..]}</c>;
/// 202 with <c>messages[].accepted</c>. A message not accepted, or an error in a success answer, is a refusal with its
/// <c>errorCode</c> (or <c>error.code</c>); a failure status is classified by the status (429, 5xx transient) with
/// that code.</item>
/// </list>
/// </summary>
internal static class ClickatellPreset
{
    public const string OneApi = "one";
    public const string PlatformApi = "platform";

    private static readonly HashSet<string> TransientCodes = ["18", "19", "43"];

    public static PresetDefinition Definition { get; } = new("clickatell", "https://platform.clickatell.com", false, Build)
    {
        ApiVersions = [OneApi, PlatformApi],
        Receipts = ClickatellReceipts.Receipts,
    };

    private static ProviderTemplate Build(PresetInput p) => p.ApiVersion == PlatformApi ? Platform(p) : One(p);

    private static ProviderTemplate One(PresetInput p) =>
        p.Post(
            p.BaseUrl + "/v1/message",
            [.. PresetInput.JsonHeaders, new("Authorization", p.Secret("api-key"))],
            "{\"messages\":[{\"channel\":\"sms\",\"to\":\"$ctx.num\",\"content\":\"$ctx.msg\""
                + p.JsonFromMember + "}]}",
            digitsOnlyNumber: true) with
        {
            ForMessage = WithClientMessageId("}]}"),
            ReadAnswer = (status, body) => PresetJson.Parse(body) is { } json ? JudgeOne(json, status) : null,
        };

    private static ProviderTemplate Platform(PresetInput p) =>
        p.Post(
            p.BaseUrl + "/messages",
            [.. PresetInput.JsonHeaders, new("Authorization", p.Secret("api-key"))],
            "{\"content\":\"$ctx.msg\",\"to\":[\"$ctx.num\"]"
                + p.JsonFromMember + "}",
            digitsOnlyNumber: true) with
        {
            ForMessage = WithClientMessageId("}"),
            ReadAnswer = (status, body) => status is >= 200 and < 300 && PresetJson.Parse(body) is { } json ? JudgePlatform(json, status) : null,
            ReadErrorCode = body => PresetJson.Parse(body) is { } json ? PlatformCode(json) ?? (PresetJson.First(json, "messages") is { } m ? PlatformCode(m) : null) : null,
            ReadMessageId = FirstMessageId,
        };

    /// <summary>
    /// One API: a global error, else the first (our only) message's verdict; null when the body shows neither. A code is
    /// read from <c>error.code</c>, or from the archived API's <c>errorCode</c> should a One endpoint answer in that shape;
    /// a message not accepted without any code is a refusal with the HTTP status.
    /// </summary>
    private static ProviderResult? JudgeOne(JsonElement json, int status)
    {
        if (PlatformCode(json) is { } global)
        {
            return ByCode(global);
        }

        if (PresetJson.First(json, "messages") is not { ValueKind: JsonValueKind.Object } message || !message.TryGetProperty("accepted", out var accepted))
        {
            return null;
        }

        return accepted.ValueKind == JsonValueKind.True
            ? ProviderResult.AcceptedAs(PresetJson.Scalar(message, "apiMessageId"))
            : PlatformCode(message) is { } code ? ByCode(code) : ProviderResult.Rejected(PresetJson.Code(status));
    }

    private static ProviderResult ByCode(string code) => TransientCodes.Contains(code) ? ProviderResult.Transient(code) : ProviderResult.Rejected(code);

    /// <summary>Platform API, success status: a top-level error or a message not accepted is a refusal; else accepted.</summary>
    private static ProviderResult? JudgePlatform(JsonElement json, int status)
    {
        if (PlatformCode(json) is { } top)
        {
            return ProviderResult.Rejected(top);
        }

        if (PresetJson.Array(json, "messages") is not { } messages)
        {
            return null;
        }

        foreach (var message in messages.EnumerateArray())
        {
            if (message.ValueKind == JsonValueKind.Object && message.TryGetProperty("accepted", out var accepted) && accepted.ValueKind == JsonValueKind.False)
            {
                return ProviderResult.Rejected(PlatformCode(message) ?? PresetJson.Code(status));
            }
        }

        return null;
    }

    private static string? FirstMessageId(string body) =>
        PresetJson.Parse(body) is { } json && PresetJson.First(json, "messages") is { } m ? PresetJson.Scalar(m, "apiMessageId") : null;

    /// <summary><c>error.code</c> when <c>error</c> is an object, or <c>errorCode</c>; null when there is no error.</summary>
    private static string? PlatformCode(JsonElement element) =>
        (PresetJson.Object(element, "error") is { } error ? PresetJson.Scalar(error, "code") : null) ?? PresetJson.Scalar(element, "errorCode");

    /// <summary>The code's reference as <c>clientMessageId</c>, in the message object that the payload's <paramref name="closing"/> ends.</summary>
    private static Func<ProviderTemplate, SmsMessage, ProviderTemplate> WithClientMessageId(string closing) => (t, sms) => sms.Reference is { } reference
        ? t with { Payload = t.Payload![..^closing.Length] + ",\"clientMessageId\":\"" + TemplateRenderer.Escape(reference, TemplateContext.Json) + "\"" + closing }
        : t;
}
