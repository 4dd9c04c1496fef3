using System.Text.RegularExpressions;

namespace SmsOtp.Core.Messages.Languages;

/// <summary>
/// The hosted pages' strings in one language (spec §10.2), with the page's <see cref="Lang"/> and
/// <see cref="Dir"/>. <see cref="For"/> picks the language: the challenge's locale, else the browser's
/// <c>Accept-Language</c>, else the tenant's <c>DefaultLocale</c>, else English; each by RFC 4647 lookup
/// (<c>pt-BR</c> finds <c>pt</c>; <c>zh-TW</c> finds the Simplified Chinese texts, the only Chinese shipped).
/// Texts are plain text: encode them for HTML with an encoder that lets non-Latin letters through
/// (<c>HtmlEncoder.Create(UnicodeRanges.All)</c>; the default one turns every Arabic or Tamil letter into
/// an entity).
/// </summary>
public sealed partial class PageTexts
{
    private static readonly LanguagePack EnglishPack = LanguagePacks.Find("en")!;
    private readonly LanguagePack pack;

    private PageTexts(LanguagePack pack) => this.pack = pack;

    /// <summary>The catalog code of the texts, e.g. <c>pt</c> or <c>zh</c>.</summary>
    public string Language => pack.Code;

    /// <summary>The page's <c>lang</c> attribute, e.g. <c>pt</c> or <c>zh-Hans</c>.</summary>
    public string Lang => pack.Lang;

    /// <summary>The page's <c>dir</c> attribute: <c>rtl</c> for Arabic, else <c>ltr</c>.</summary>
    public string Dir => pack.Dir;

    /// <summary>The text of a <see cref="PageTextKeys"/> key; English if this language lacks it (tests make sure none does).</summary>
    public string this[string key] =>
        pack.Pages.TryGetValue(key, out var text) ? text
        : EnglishPack.Pages.TryGetValue(key, out var english) ? english
        : throw new KeyNotFoundException($"No page text has the key '{key}'.");

    /// <summary>Every text of this language by key.</summary>
    public IReadOnlyDictionary<string, string> Texts => pack.Pages;

    /// <summary>The texts for a challenge's locale, else the <c>Accept-Language</c> header, else the default locale, else English.</summary>
    public static PageTexts For(string? locale, string? acceptLanguage, string? defaultLocale = null) =>
        new(LanguagePacks.Find(Choose(locale, acceptLanguage, defaultLocale))!);

    /// <summary>The catalog code <see cref="For"/> would use.</summary>
    public static string Choose(string? locale, string? acceptLanguage, string? defaultLocale = null)
    {
        var ranges = new List<string>();
        if (LocaleTag.TryNormalize(locale, out var tag))
        {
            ranges.Add(tag);
        }

        // A wildcard accepts anything: English, the catalog's base language, serves it.
        ranges.AddRange(AcceptLanguage.Parse(acceptLanguage).Select(r => r == AcceptLanguage.Wildcard ? "en" : r));
        if (LocaleTag.TryNormalize(defaultLocale, out var fallback))
        {
            ranges.Add(fallback);
        }

        foreach (var range in ranges)
        {
            foreach (var candidate in LocaleTag.Fallbacks(range))
            {
                if (LanguagePacks.Find(candidate) is not null)
                {
                    return candidate;
                }
            }
        }

        return "en";
    }

    /// <summary>The error page's title for a status (<see cref="PageTextKeys.ErrorStatuses"/>); unknown statuses read as <c>challenge_not_found</c>.</summary>
    public string ErrorTitle(string status) => this[PageTextKeys.ErrorTitle(Known(status))];

    /// <summary>The error page's text for a status; unknown statuses read as <c>challenge_not_found</c>.</summary>
    public string ErrorText(string status) => this[PageTextKeys.ErrorText(Known(status))];

    /// <summary>
    /// Replaces <c>{name}</c> placeholders in one pass (a value containing <c>{seconds}</c> is not expanded
    /// again); placeholders without a value stay as they are.
    /// </summary>
    public static string Fill(string text, IReadOnlyDictionary<string, string> values) =>
        Placeholder().Replace(text, m => values.TryGetValue(m.Groups[1].Value, out var v) ? v : m.Value);

    /// <summary>
    /// The lock end for <c>{time}</c>: <c>2026-05-16 14:30 UTC</c>, the same digits in every language (no month
    /// names, so no culture data is needed and none can be missing on the host).
    /// </summary>
    public static string FormatTime(DateTimeOffset time) =>
        time.ToUniversalTime().ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    private static string Known(string status) =>
        PageTextKeys.ErrorStatuses.Contains(status) ? status : "challenge_not_found";

    [GeneratedRegex(@"\{([A-Za-z][A-Za-z0-9]*)\}", RegexOptions.CultureInvariant)]
    private static partial Regex Placeholder();
}
