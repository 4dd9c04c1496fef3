using System.Text.RegularExpressions;

namespace SmsOtp.Core.Providers.Presets.Twilio;

/// <summary>
/// Twilio Programmable Messaging: <c>POST {base}/2010-04-01/Accounts/{AccountSid}/Messages.json</c>, HTTP Basic
/// (Account SID : Auth Token), form fields <c>To</c>, <c>From</c> (or <c>MessagingServiceSid</c> when <c>From</c> is
/// a Messaging Service SID, <c>MG</c> + 32 hex digits; <c>MGM</c> is an alphanumeric sender) and <c>Body</c>. 201 with
/// the Message resource (its <c>sid</c> is the message id); else JSON <c>{"code": 21211, ...}</c>, classified by the
/// HTTP status (429 and 5xx transient: "a 429 is never processed and is always safe to retry").
/// </summary>
internal static partial class TwilioPreset
{
    public static PresetDefinition Definition { get; } = new("twilio", "https://api.twilio.com", true, Build)
    {
        Receipts = TwilioReceipts.Receipts,
    };

    /// <summary>The OpenAPI pattern of <c>messaging_service_sid</c>.</summary>
    public static bool IsMessagingServiceSid(string from) => MessagingServiceSid().IsMatch(from);

    private static ProviderTemplate Build(PresetInput p)
    {
        var sender = IsMessagingServiceSid(p.From!) ? "MessagingServiceSid" : "From";
        return p.Post(
            p.BaseUrl + "/2010-04-01/Accounts/" + p.Secret("account-sid") + "/Messages.json",
            PresetInput.FormHeaders,
            "To=$ctx.num&" + sender + "=" + p.FromFor(TemplateContext.Form) + "&Body=$ctx.msg") with
        {
            BasicAuth = (p.Secret("account-sid"), p.Secret("auth-token")),
            ReadErrorCode = body => PresetJson.Parse(body) is { } json ? PresetJson.Scalar(json, "code") : null,
            ReadMessageId = body => PresetJson.Parse(body) is { } json ? PresetJson.Scalar(json, "sid") : null,
            ReceiptScheme = ReceiptScheme.Twilio,
            ReceiptSecret = p.Secret("auth-token"),
            WithCallback = (t, url) => t with { Payload = t.Payload + "&StatusCallback=" + TemplateRenderer.Escape(url, TemplateContext.Form) },
        };
    }

    [GeneratedRegex("^MG[0-9a-fA-F]{32}$", RegexOptions.CultureInvariant)]
    private static partial Regex MessagingServiceSid();
}
