namespace SmsOtp.Core.Messages;

/// <summary>
/// The SMS templates the service ships (spec §10.2), one plain and one payment template for each of en, es,
/// fr, de, it, pt, nl, ar, hi, si, ta, zh and ja. None uses <c>{appName}</c>: the sender ID names the app,
/// and the UCS-2 budget (70 units, 39 of them taken by a WebOTP line) leaves no room for one. Latin-script
/// texts use only GSM-7 characters (so Spanish and Portuguese avoid á, ó, ã, ç by wording, not by
/// misspelling). English back-translations are in docs/languages.md.
/// </summary>
public static class BuiltInTemplates
{
    /// <summary>The catalog codes, in the order of §10.2.</summary>
    public static IReadOnlyList<string> Locales { get; } = LanguagePacks.All.Select(p => p.Code).ToList();

    /// <summary>The shipped template of <paramref name="kind"/> for exactly <paramref name="locale"/> (a catalog code such as <c>pt</c>), or null.</summary>
    public static string? Get(SmsTemplateKind kind, string locale) =>
        LanguagePacks.Find(locale) is { } pack ? (kind == SmsTemplateKind.Payment ? pack.PaymentSms : pack.PlainSms) : null;
}
