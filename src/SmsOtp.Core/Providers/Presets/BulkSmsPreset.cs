using System.Text.Json;
using System.Text;

namespace SmsOtp.Core.Providers.Presets;

/// <summary>
/// BulkSMS, two APIs. <c>bulksms</c>: the JSON REST API v1, <c>POST {base}/v1/messages</c>, HTTP Basic
/// (username or token id : password or token secret), JSON <c>{"to", "body", "encoding": "UNICODE", "from"}</c>;
/// 201 on success, errors as problem JSON whose <c>type</c> fragment is kept. <c>bulksms-eapi</c>: the older
/// HTTP API, <c>POST {base}/eapi/submission/send_sms/2/2.0</c> with form fields <c>username</c>, <c>password</c>,
/// <c>msisdn</c>, <c>message</c> (UCS-2 as hex, <c>dca=16bit</c>) and <c>sender</c>; it answers 200 with
/// <c>status_code|status_description|batch_id</c>, and a non-zero <c>status_code</c> is a refusal with that code.
/// Both read the pipe answer, so either endpoint is understood.
/// </summary>
public static class BulkSmsPreset
{
    public static PresetDefinition Definition { get; } = new("bulksms", "https://api.bulksms.com", false, Build);

    public static PresetDefinition Eapi { get; } = new("bulksms-eapi", "https://bulksms.vsms.net", false, BuildEapi);

    private static ProviderTemplate Build(PresetInput p) =>
        new(
            p.Name,
            p.BaseUrl + "/v1/messages",
            "POST",
            [new("Content-Type", "application/json"), new("Accept", "application/json")],
            "{\"to\":\"$ctx.num\",\"body\":\"$ctx.msg\",\"encoding\":\"UNICODE\""
                + (string.IsNullOrEmpty(p.From) ? "" : ",\"from\":\"" + p.FromFor(TemplateContext.Json) + "\"") + "}",
            null,
            false,
            p.Timeout)
        {
            BasicAuth = (p.Secret("username"), p.Secret("password")),
            ReadBody = ReadBody,
            ReadErrorCode = ReadErrorCode,
        };

    private static ProviderTemplate BuildEapi(PresetInput p) =>
        new(
            p.Name,
            p.BaseUrl + "/eapi/submission/send_sms/2/2.0",
            "POST",
            [new("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")],
            "username=" + p.Secret("username") + "&password=" + p.Secret("password") + "&msisdn=$ctx.num&message=$ctx.msg&dca=16bit"
                + (string.IsNullOrEmpty(p.From) ? "" : "&sender=" + p.FromFor(TemplateContext.Form)),
            200,
            true,
            p.Timeout)
        {
            EncodeMessage = text => Convert.ToHexString(Encoding.BigEndianUnicode.GetBytes(text)),
            ReadBody = ReadBody,
            ReadErrorCode = ReadErrorCode,
        };

    /// <summary>A pipe answer with a non-zero first field, or a JSON message in state FAILED, is a refusal.</summary>
    private static ProviderResult? ReadBody(int status, string body)
    {
        if (PipeStatus(body) is { } code)
        {
            return code == "0" ? null : new ProviderResult(ProviderOutcome.Rejected, code);
        }

        if (PresetJson.Parse(body) is { ValueKind: JsonValueKind.Array } messages)
        {
            foreach (var message in messages.EnumerateArray())
            {
                if (message.ValueKind == JsonValueKind.Object && message.TryGetProperty("status", out var state)
                    && PresetJson.Scalar(state, "type") == "FAILED")
                {
                    return new ProviderResult(ProviderOutcome.Rejected, PresetJson.Scalar(state, "subtype") ?? "FAILED");
                }
            }
        }

        return null;
    }

    private static string? ReadErrorCode(string body)
    {
        if (PipeStatus(body) is { } code)
        {
            return code;
        }

        // Problem JSON: "type": "https://developer.bulksms.com/json/v1/errors#invalid-credentials".
        var type = PresetJson.Parse(body) is { } json ? PresetJson.Scalar(json, "type") : null;
        return type is null ? null : type[(type.LastIndexOfAny(['#', '/']) + 1)..];
    }

    /// <summary>The first field of <c>0|IN_PROGRESS|123</c> when the body has that shape.</summary>
    private static string? PipeStatus(string body)
    {
        var trimmed = body.Trim();
        var bar = trimmed.IndexOf('|', StringComparison.Ordinal);
        var first = bar < 0 ? trimmed : trimmed[..bar];
        return bar > 0 && first.All(char.IsAsciiDigit) ? first : null;
    }
}
