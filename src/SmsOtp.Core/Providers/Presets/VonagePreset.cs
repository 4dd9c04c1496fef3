namespace SmsOtp.Core.Providers.Presets;

/// <summary>
/// Vonage (Nexmo) SMS API: <c>POST {base}/sms/json</c>, form fields <c>api_key</c>, <c>api_secret</c>,
/// <c>from</c>, <c>to</c> (digits), <c>text</c> and <c>type=unicode</c> (so non-Latin text survives). It
/// answers 200 even on failure: each <c>messages[].status</c> other than <c>"0"</c> is a refusal, and that
/// status is the error code kept (the <c>error-text</c> is never read).
/// </summary>
public static class VonagePreset
{
    public static PresetDefinition Definition { get; } = new("vonage", "https://rest.nexmo.com", true, Build)
    {
        Aliases = ["nexmo"],
    };

    private static ProviderTemplate Build(PresetInput p) =>
        new(
            p.Name,
            p.BaseUrl + "/sms/json",
            "POST",
            [new("Content-Type", "application/x-www-form-urlencoded; charset=utf-8"), new("Accept", "application/json")],
            "api_key=" + p.Secret("api-key") + "&api_secret=" + p.Secret("api-secret") + "&from=" + p.FromFor(TemplateContext.Form)
                + "&to=$ctx.num&text=$ctx.msg&type=unicode",
            null,
            true,
            p.Timeout)
        {
            ReadBody = (_, body) => PresetJson.Parse(body) is { } json ? FirstFailure(json) : null,
            ReadErrorCode = body => PresetJson.Parse(body) is { } json && PresetJson.First(json, "messages") is { } m ? PresetJson.Scalar(m, "status") : null,
        };

    private static ProviderResult? FirstFailure(System.Text.Json.JsonElement json)
    {
        if (json.ValueKind != System.Text.Json.JsonValueKind.Object || !json.TryGetProperty("messages", out var messages)
            || messages.ValueKind != System.Text.Json.JsonValueKind.Array)
        {
            return null;
        }

        foreach (var message in messages.EnumerateArray())
        {
            var status = PresetJson.Scalar(message, "status");
            if (status is not null && status != "0")
            {
                return new ProviderResult(ProviderOutcome.Rejected, status);
            }
        }

        return null;
    }
}
