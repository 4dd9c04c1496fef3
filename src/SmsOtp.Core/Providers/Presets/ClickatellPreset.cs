using System.Text.Json;

namespace SmsOtp.Core.Providers.Presets;

/// <summary>
/// Clickatell Platform REST: <c>POST {base}/messages</c> with the integration's API key as the
/// <c>Authorization</c> header and JSON <c>{"content": ..., "to": ["<digits>"]}</c> (plus <c>"from"</c> for a
/// two-way number). It answers 202 with <c>messages[].accepted</c>; a message not accepted, or an error
/// answer, is a refusal whose <c>errorCode</c> (or <c>error.code</c>) is kept.
/// </summary>
public static class ClickatellPreset
{
    public static PresetDefinition Definition { get; } = new("clickatell", "https://platform.clickatell.com", false, Build);

    private static ProviderTemplate Build(PresetInput p) =>
        new(
            p.Name,
            p.BaseUrl + "/messages",
            "POST",
            [new("Content-Type", "application/json"), new("Accept", "application/json"), new("Authorization", p.Secret("api-key"))],
            "{\"content\":\"$ctx.msg\",\"to\":[\"$ctx.num\"]"
                + (string.IsNullOrEmpty(p.From) ? "" : ",\"from\":\"" + p.FromFor(TemplateContext.Json) + "\"") + "}",
            null,
            true,
            p.Timeout)
        {
            ReadBody = (status, body) => PresetJson.Parse(body) is { } json ? FirstFailure(json, status) : null,
            ReadErrorCode = body => PresetJson.Parse(body) is { } json ? ErrorCode(json) ?? (PresetJson.First(json, "messages") is { } m ? ErrorCode(m) : null) : null,
        };

    private static ProviderResult? FirstFailure(JsonElement json, int status)
    {
        if (ErrorCode(json) is { } top)
        {
            return new ProviderResult(ProviderOutcome.Rejected, top);
        }

        if (json.ValueKind == JsonValueKind.Object && json.TryGetProperty("messages", out var messages) && messages.ValueKind == JsonValueKind.Array)
        {
            foreach (var message in messages.EnumerateArray())
            {
                if (message.ValueKind == JsonValueKind.Object && message.TryGetProperty("accepted", out var accepted)
                    && accepted.ValueKind == JsonValueKind.False)
                {
                    return new ProviderResult(ProviderOutcome.Rejected, ErrorCode(message) ?? PresetJson.Code(status));
                }
            }
        }

        return null;
    }

    /// <summary><c>errorCode</c>, or <c>error.code</c> when <c>error</c> is an object; null when there is no error.</summary>
    private static string? ErrorCode(JsonElement element)
    {
        if (PresetJson.Scalar(element, "errorCode") is { } code)
        {
            return code;
        }

        return element.ValueKind == JsonValueKind.Object && element.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object
            ? PresetJson.Scalar(error, "code")
            : null;
    }
}
