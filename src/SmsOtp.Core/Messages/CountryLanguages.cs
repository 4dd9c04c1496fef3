using PhoneNumbers;

namespace SmsOtp.Core.Messages;

/// <summary>
/// The language of a number's country (spec §15.4, <c>LocaleFromNumber</c>): the region libphonenumber gives the
/// number, then that country's official languages in the order below; the first one the service ships wins, as
/// <c>language-REGION</c> (<c>pt-BR</c>, so an operator's <c>MessageTemplates:pt-BR</c> applies, and the shipped
/// <c>pt</c> text otherwise). Null when the country has none of the shipped languages: the tenant's
/// <c>DefaultLocale</c> then applies. The table and its choices are documented in docs/languages.md.
/// </summary>
public static class CountryLanguages
{
    private static readonly PhoneNumberUtil Util = PhoneNumberUtil.GetInstance();

    /// <summary>Official languages per region (ISO 3166-1), in order; only countries with at least one shipped language are listed.</summary>
    private static readonly Dictionary<string, string[]> Official = new(StringComparer.Ordinal)
    {
        // English
        ["US"] = ["en"], ["GB"] = ["en"], ["AU"] = ["en"], ["NZ"] = ["en"], ["IE"] = ["en", "ga"], ["CA"] = ["en", "fr"],
        ["ZA"] = ["zu", "xh", "af", "en"], ["NG"] = ["en"], ["GH"] = ["en"], ["KE"] = ["sw", "en"], ["UG"] = ["en", "sw"],
        ["TZ"] = ["sw", "en"], ["ZM"] = ["en"], ["ZW"] = ["en"], ["JM"] = ["en"], ["TT"] = ["en"], ["BS"] = ["en"],
        ["BB"] = ["en"], ["SG"] = ["en", "ms", "zh", "ta"], ["PH"] = ["fil", "en"], ["MT"] = ["mt", "en"], ["PK"] = ["ur", "en"],
        ["BW"] = ["en", "tn"], ["NA"] = ["en"], ["LR"] = ["en"], ["SL"] = ["en"], ["GM"] = ["en"], ["MW"] = ["en", "ny"],
        ["RW"] = ["rw", "en", "fr", "sw"], ["FJ"] = ["en", "fj", "hif"], ["BZ"] = ["en"], ["GY"] = ["en"],

        // Spanish
        ["ES"] = ["es"], ["MX"] = ["es"], ["AR"] = ["es"], ["CO"] = ["es"], ["CL"] = ["es"], ["PE"] = ["es", "qu", "ay"],
        ["VE"] = ["es"], ["EC"] = ["es"], ["GT"] = ["es"], ["CU"] = ["es"], ["BO"] = ["es", "qu", "ay"], ["DO"] = ["es"],
        ["HN"] = ["es"], ["PY"] = ["es", "gn"], ["SV"] = ["es"], ["NI"] = ["es"], ["CR"] = ["es"], ["PA"] = ["es"],
        ["UY"] = ["es"], ["PR"] = ["es", "en"], ["GQ"] = ["es", "fr", "pt"],

        // French
        ["FR"] = ["fr"], ["MC"] = ["fr"], ["LU"] = ["lb", "fr", "de"], ["SN"] = ["fr"], ["CI"] = ["fr"], ["CM"] = ["fr", "en"],
        ["CD"] = ["fr"], ["CG"] = ["fr"], ["MG"] = ["mg", "fr"], ["HT"] = ["fr", "ht"], ["ML"] = ["fr"], ["BF"] = ["fr"],
        ["NE"] = ["fr"], ["TG"] = ["fr"], ["BJ"] = ["fr"], ["GA"] = ["fr"], ["GN"] = ["fr"], ["TD"] = ["fr", "ar"],
        ["BI"] = ["rn", "fr", "en"], ["DJ"] = ["fr", "ar"], ["CF"] = ["fr", "sg"], ["GP"] = ["fr"], ["MQ"] = ["fr"],
        ["RE"] = ["fr"], ["GF"] = ["fr"], ["PF"] = ["fr"], ["NC"] = ["fr"],

        // German, Italian, Dutch (Belgium and Switzerland: the language with most speakers first)
        ["DE"] = ["de"], ["AT"] = ["de"], ["LI"] = ["de"], ["CH"] = ["de", "fr", "it", "rm"],
        ["IT"] = ["it"], ["SM"] = ["it"], ["VA"] = ["it"],
        ["NL"] = ["nl"], ["BE"] = ["nl", "fr", "de"], ["SR"] = ["nl"], ["AW"] = ["nl", "pap"], ["CW"] = ["nl", "pap", "en"],
        ["SX"] = ["nl", "en"], ["BQ"] = ["nl"],

        // Portuguese
        ["PT"] = ["pt"], ["BR"] = ["pt"], ["AO"] = ["pt"], ["MZ"] = ["pt"], ["CV"] = ["pt"], ["GW"] = ["pt"], ["ST"] = ["pt"],
        ["TL"] = ["tet", "pt"],

        // Arabic
        ["SA"] = ["ar"], ["AE"] = ["ar"], ["EG"] = ["ar"], ["IQ"] = ["ar", "ku"], ["JO"] = ["ar"], ["KW"] = ["ar"], ["LB"] = ["ar"],
        ["LY"] = ["ar"], ["MA"] = ["ar", "zgh"], ["OM"] = ["ar"], ["QA"] = ["ar"], ["SY"] = ["ar"], ["TN"] = ["ar"], ["YE"] = ["ar"],
        ["BH"] = ["ar"], ["DZ"] = ["ar", "kab"], ["SD"] = ["ar", "en"], ["MR"] = ["ar"], ["PS"] = ["ar"],
        ["KM"] = ["zdj", "ar", "fr"], ["SO"] = ["so", "ar"], ["ER"] = ["ti", "ar", "en"],

        // South Asia, East Asia
        ["IN"] = ["hi", "en"], ["LK"] = ["si", "ta"], ["CN"] = ["zh"], ["TW"] = ["zh"], ["HK"] = ["zh", "en"], ["MO"] = ["zh", "pt"],
        ["JP"] = ["ja"],
    };

    /// <summary>The locale for an E.164 number (<c>+34...</c> → <c>es-ES</c>), or null when its country speaks no shipped language.</summary>
    public static string? LocaleFor(string? e164)
    {
        if (string.IsNullOrEmpty(e164))
        {
            return null;
        }

        string region;
        try
        {
            region = Util.GetRegionCodeForNumber(Util.Parse(e164, null));
        }
        catch (NumberParseException)
        {
            return null;
        }

        return LanguageOf(region) is { } language ? language + "-" + region : null;
    }

    /// <summary>The first shipped official language of a region (<c>BE</c> → <c>nl</c>), or null.</summary>
    public static string? LanguageOf(string? region) =>
        region is not null && Official.TryGetValue(region, out var languages) ? languages.FirstOrDefault(l => LanguagePacks.Find(l) is not null) : null;

    /// <summary>Every region of the table with the language it gets, for the documentation and its test.</summary>
    public static IReadOnlyDictionary<string, string> Table { get; } =
        Official.Keys.Order(StringComparer.Ordinal).ToDictionary(r => r, r => LanguageOf(r)!, StringComparer.Ordinal);
}
