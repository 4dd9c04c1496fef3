using System.Globalization;

namespace SmsOtp.Tests.Messages;

/// <summary>The hosted pages' catalog: complete in every language, same placeholders, and the language choice.</summary>
public sealed class PageTextsTests
{
    private static readonly string[] Shipped = ["en", "es", "fr", "de", "it", "pt", "nl", "ar", "hi", "si", "ta", "zh", "ja"];

    public static TheoryData<string> Languages() => new(Shipped);

    [Fact]
    public void The_13_languages_of_the_spec_are_shipped()
    {
        Assert.Equal(Shipped, Shipped.Select(l => PageTexts.For(l, null).Language));
        Assert.Equal(Shipped, BuiltInTemplates.Locales); // one language pack holds a language's page texts and templates
    }

    [Fact]
    public void The_keys_are_unique_and_English_has_exactly_them()
    {
        Assert.Equal(PageTextKeys.All.Count, PageTextKeys.All.Distinct().Count());
        Assert.Equal(PageTextKeys.All.Order(StringComparer.Ordinal), Required(PageTexts.For("en", null)));
    }

    /// <summary>A language's keys without its optional singular forms (<c>key.one</c>, used when the count is 1).</summary>
    private static IEnumerable<string> Required(PageTexts texts) =>
        texts.Texts.Keys.Where(k => !k.EndsWith(".one", StringComparison.Ordinal)).Order(StringComparer.Ordinal);

    [Theory]
    [MemberData(nameof(Languages))]
    public void A_singular_form_belongs_to_a_counted_key_and_keeps_its_placeholders(string language)
    {
        var texts = PageTexts.For(language, null);
        foreach (var one in texts.Texts.Keys.Where(k => k.EndsWith(".one", StringComparison.Ordinal)))
        {
            var key = one[..^4];
            Assert.Contains(key, PageTextKeys.All);
            Assert.Contains("count", SmsTemplate.Placeholders(texts[key]));
            Assert.Equal(SmsTemplate.Placeholders(texts[key]).Order(), SmsTemplate.Placeholders(texts[one]).Order());
        }
    }

    [Theory]
    [MemberData(nameof(Languages))]
    public void Every_language_has_every_string_with_the_same_placeholders(string language)
    {
        var texts = PageTexts.For(language, null);
        var english = PageTexts.For("en", null);
        Assert.Equal(PageTextKeys.All.Order(StringComparer.Ordinal), Required(texts));
        foreach (var key in PageTextKeys.All)
        {
            var text = texts[key];
            Assert.False(string.IsNullOrWhiteSpace(text), $"{language} {key} is empty");
            Assert.Equal(SmsTemplate.Placeholders(english[key]).Order(), SmsTemplate.Placeholders(text).Order());
            Assert.DoesNotContain('<', text);
            Assert.DoesNotContain('>', text);
            Assert.DoesNotContain('\uFFFD', text);
            Assert.False(text.Any(char.IsControl), $"{language} {key} has a control character");
            Assert.Equal(text.Trim(), text);
        }
    }

    [Theory]
    [MemberData(nameof(Languages))]
    public void Translations_are_translated(string language)
    {
        if (language == "en")
        {
            return;
        }

        // Catches a key copied from English and forgotten; a few may legitimately match (none do today).
        var texts = PageTexts.For(language, null);
        var english = PageTexts.For("en", null);
        var same = PageTextKeys.All.Where(k => texts[k] == english[k]).ToList();
        Assert.Empty(same);
    }

    [Fact]
    public void Sinhala_rakaaransaya_is_written_with_a_zero_width_joiner()
    {
        // al-lakuna + ra without ZWJ renders as a visible virama, not as the conjunct ප්‍ර.
        Assert.All(PageTexts.For("si", null).Texts.Values, t => Assert.DoesNotContain("\u0DCA\u0DBB", t, StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Languages))]
    public void Lang_and_dir_fit_the_language(string language)
    {
        var texts = PageTexts.For(language, null);
        Assert.Equal(language == "ar" ? "rtl" : "ltr", texts.Dir);
        Assert.Equal(language == "zh" ? "zh-Hans" : language, texts.Lang);
        Assert.Equal(language, texts.Language);
    }

    [Theory]
    [InlineData("pt-BR", null, null, "pt")]
    [InlineData("PT_br", "de", null, "pt")]                                 // the challenge's locale wins over the browser's
    [InlineData(null, "fr-CH, fr;q=0.9, en;q=0.8", null, "fr")]
    [InlineData("ru", "de-DE,de;q=0.9", null, "de")]                        // an unshipped locale falls to Accept-Language
    [InlineData("not a tag", "ja", null, "ja")]
    [InlineData(null, "ru, uk;q=0.9, ta;q=0.1", null, "ta")]
    [InlineData(null, "ru, *;q=0.1", null, "en")]
    [InlineData(null, "ru", "si-LK", "si")]                                 // then the tenant's DefaultLocale
    [InlineData(null, null, null, "en")]
    [InlineData("ru", "uk", "xx", "en")]
    [InlineData("zh-TW", null, null, "zh")]
    [InlineData(null, "zh-Hant-HK", null, "zh")]
    [InlineData(null, "ar-EG,ar;q=0.9,en;q=0.8", null, "ar")]
    [InlineData(null, "en;q=0.2, hi;q=0.8", null, "hi")]
    [InlineData(null, "de;q=0, en", null, "en")]
    public void The_page_language_follows_the_chain(string? locale, string? acceptLanguage, string? defaultLocale, string expected)
    {
        Assert.Equal(expected, PageTexts.Choose(locale, acceptLanguage, defaultLocale));
        Assert.Equal(expected, PageTexts.For(locale, acceptLanguage, defaultLocale).Language);
    }

    [Fact]
    public void Arabic_pages_are_right_to_left()
    {
        var texts = PageTexts.For(null, "ar-SA");
        Assert.Equal(("ar", "rtl"), (texts.Lang, texts.Dir));
    }

    [Fact]
    public void Fill_replaces_placeholders_once()
    {
        Assert.Equal("{b} x {c}", PageTexts.Fill("{a} {b} {c}", new Dictionary<string, string> { ["a"] = "{b}", ["b"] = "x" }));
        Assert.Equal("We sent a 6-digit code by SMS to +*******4567.",
            PageTexts.Fill(PageTexts.For("en", null)[PageTextKeys.CodeSentDigits], new Dictionary<string, string> { ["length"] = "6", ["mobile"] = "+*******4567" }));
    }

    [Fact]
    public void Error_texts_follow_the_status()
    {
        var de = PageTexts.For("de", null);
        Assert.Equal("Ihr Konto ist gesperrt", de.ErrorTitle("locked"));
        Assert.Equal(de.ErrorTitle("challenge_not_found"), de.ErrorTitle("something_new"));
        Assert.Equal(de.ErrorText("challenge_not_found"), de.ErrorText("something_new"));
        Assert.Equal(PageTextKeys.ErrorStatuses.Count, PageTextKeys.ErrorStatuses.Select(de.ErrorTitle).Distinct().Count());
    }

    [Fact]
    public void Lock_times_are_culture_free()
    {
        var time = new DateTimeOffset(2026, 5, 16, 20, 30, 59, TimeSpan.FromHours(5.5));
        var before = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
            Assert.Equal("2026-05-16 15:00 UTC", PageTexts.FormatTime(time));
        }
        finally
        {
            CultureInfo.CurrentCulture = before;
        }
    }

    [Fact]
    public void An_unknown_key_is_an_error_not_an_empty_string()
    {
        Assert.Throws<KeyNotFoundException>(() => PageTexts.For("fr", null)["no.such.key"]);
    }
}
