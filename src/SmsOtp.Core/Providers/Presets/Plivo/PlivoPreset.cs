namespace SmsOtp.Core.Providers.Presets.Plivo;

/// <summary>
/// Plivo Message API: <c>POST {base}/v1/Account/{auth_id}/Message/</c>, HTTP Basic (Auth ID : Auth Token),
/// JSON <c>{"src": ..., "dst": ..., "text": ...}</c>; 202 with <c>message_uuid[0]</c> as the message id. Plivo's
/// error answers carry only a text <c>error</c> (which may echo the number), so the HTTP status is the error code
/// kept and decides (429 and 5xx transient, other 4xx refusals).
/// </summary>
internal static class PlivoPreset
{
    public static PresetDefinition Definition { get; } = new("plivo", "https://api.plivo.com", true, Build)
    {
        Receipts = PlivoReceipts.Receipts,
    };

    private static ProviderTemplate Build(PresetInput p) =>
        p.Post(
            p.BaseUrl + "/v1/Account/" + p.Secret("auth-id") + "/Message/",
            PresetInput.JsonHeaders,
            "{\"src\":\"" + p.FromFor(TemplateContext.Json) + "\",\"dst\":\"$ctx.num\",\"text\":\"$ctx.msg\"}") with
        {
            BasicAuth = (p.Secret("auth-id"), p.Secret("auth-token")),
            ReceiptScheme = ReceiptScheme.PlivoV3,
            ReceiptSecret = p.Secret("auth-token"),
            WithCallback = (t, url) => t with { Payload = t.Payload![..^1] + ",\"url\":\"" + TemplateRenderer.Escape(url, TemplateContext.Json) + "\",\"method\":\"POST\"}" },
            ReadMessageId = body => PresetJson.Parse(body) is { } json && PresetJson.First(json, "message_uuid") is { } id
                ? PresetJson.Scalar(id)
                : null,
        };
}
