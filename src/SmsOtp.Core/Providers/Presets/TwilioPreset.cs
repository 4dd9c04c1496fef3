namespace SmsOtp.Core.Providers.Presets;

/// <summary>
/// Twilio Programmable Messaging: <c>POST {base}/2010-04-01/Accounts/{AccountSid}/Messages.json</c>, HTTP Basic
/// (Account SID : Auth Token), form fields <c>To</c>, <c>From</c> (or <c>MessagingServiceSid</c> when
/// <c>From</c> is an <c>MG…</c> service id) and <c>Body</c>; 201 on success, else JSON <c>{"code": 21211, ...}</c>.
/// </summary>
public static class TwilioPreset
{
    public static PresetDefinition Definition { get; } = new("twilio", "https://api.twilio.com", true, Build);

    private static ProviderTemplate Build(PresetInput p)
    {
        var sender = p.From!.StartsWith("MG", StringComparison.Ordinal) ? "MessagingServiceSid" : "From";
        return new ProviderTemplate(
            p.Name,
            p.BaseUrl + "/2010-04-01/Accounts/" + p.Secret("account-sid") + "/Messages.json",
            "POST",
            [new("Content-Type", "application/x-www-form-urlencoded; charset=utf-8"), new("Accept", "application/json")],
            "To=$ctx.num&" + sender + "=" + p.FromFor(TemplateContext.Form) + "&Body=$ctx.msg",
            null,
            false,
            p.Timeout)
        {
            BasicAuth = (p.Secret("account-sid"), p.Secret("auth-token")),
            ReadErrorCode = body => PresetJson.Parse(body) is { } json ? PresetJson.Scalar(json, "code") : null,
        };
    }
}
