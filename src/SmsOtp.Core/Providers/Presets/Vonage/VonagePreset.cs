using System.Text.RegularExpressions;

namespace SmsOtp.Core.Providers.Presets.Vonage;

/// <summary>
/// Vonage (Nexmo) SMS API: <c>POST {base}/sms/json</c>, form fields <c>api_key</c>, <c>api_secret</c>, <c>from</c>
/// (a number as digits only, as Vonage wants it: <c>+447700900000</c> is sent as <c>447700900000</c>), <c>to</c>
/// (digits), <c>text</c> and <c>type</c>: <c>text</c> when the text fits GSM-7, <c>unicode</c> only when it does not
/// (so a GSM text is billed in 160-character segments, not 70). It answers 200 even on failure, one
/// <c>messages[]</c> entry per part of a concatenated SMS. The submission is judged on part one: status 0 is
/// accepted (its <c>message-id</c> is the id; a later part that failed is noted as <c>partial:&lt;status&gt;</c>,
/// since resending would send part one again); 1 (throttled), 5 (internal error) and 10 (too many binds) are
/// transient, as Vonage documents ("back off and retry"); any other status is a refusal with that status as the
/// code; an empty <c>messages</c> (nothing created) is a refusal <c>no-messages</c>. The <c>error-text</c> is never read.
/// </summary>
internal static partial class VonagePreset
{
    private static readonly HashSet<string> TransientStatuses = ["1", "5", "10"];

    public static PresetDefinition Definition { get; } = new("vonage", "https://rest.nexmo.com", true, Build)
    {
        Aliases = ["nexmo"],
        Receipts = VonageReceipts.Receipts,
        Validate = Validate,
    };

    /// <summary>The sender as Vonage wants it: a number as digits only (no <c>+</c>), an alphanumeric id as configured.</summary>
    public static string Sender(string from) => NumericSender().IsMatch(from) ? from.TrimStart('+') : from;

    private static ProviderTemplate Build(PresetInput p)
    {
        var from = TemplateRenderer.Escape(Sender(p.From ?? ""), TemplateContext.Form);
        return p.Post(
            p.BaseUrl + "/sms/json",
            PresetInput.FormHeaders,
            "api_key=" + p.Secret("api-key") + "&api_secret=" + p.Secret("api-secret") + "&from=" + from + "&to=$ctx.num&text=$ctx.msg",
            digitsOnlyNumber: true) with
        {
            ForMessage = (t, sms) => t with { Payload = t.Payload + "&type=" + (SmsSegmentCounter.IsGsm7(sms.Text) ? "text" : "unicode") },
            ReceiptScheme = ReceiptScheme.Vonage,
            WithCallback = (t, url) => t with { Payload = t.Payload + "&callback=" + TemplateRenderer.Escape(url, TemplateContext.Form) },
            ReadAnswer = (status, body) => status == 200 && PresetJson.Parse(body) is { } json ? Judge(json) : null,
            ReadErrorCode = body => PresetJson.Parse(body) is { } json && PresetJson.First(json, "messages") is { } m ? PresetJson.Scalar(m, "status") : null,
        };
    }

    private static ProviderResult? Judge(JsonElement json)
    {
        if (PresetJson.Array(json, "messages") is not { } messages)
        {
            return null;
        }

        if (messages.GetArrayLength() == 0)
        {
            return ProviderResult.Rejected("no-messages");
        }

        var first = messages[0];
        var status = PresetJson.Scalar(first, "status");
        if (status is null or "0")
        {
            var laterFailure = messages.EnumerateArray().Skip(1).Select(m => PresetJson.Scalar(m, "status")).FirstOrDefault(s => s is not null and not "0");
            return ProviderResult.AcceptedAs(PresetJson.Scalar(first, "message-id"), laterFailure is null ? null : "partial:" + laterFailure);
        }

        return TransientStatuses.Contains(status) ? ProviderResult.Transient(status) : ProviderResult.Rejected(status);
    }

    private static IEnumerable<string> Validate(ProviderOptions options, string prefix)
    {
        var from = options.From?.Trim();
        if (string.IsNullOrEmpty(from))
        {
            yield break;
        }

        if (NumericSender().IsMatch(from))
        {
            if (from.TrimStart('+').Length is < 7 or > 15)
            {
                yield return $"{prefix}From: a numeric sender for vonage has 7-15 digits (E.164, the '+' is dropped).";
            }
        }
        else if (from.Replace(" ", "", StringComparison.Ordinal).Length > 11)
        {
            yield return $"{prefix}From: an alphanumeric sender for vonage has at most 11 characters.";
        }
    }

    [GeneratedRegex(@"^\+?[0-9]+$", RegexOptions.CultureInvariant)]
    private static partial Regex NumericSender();
}
