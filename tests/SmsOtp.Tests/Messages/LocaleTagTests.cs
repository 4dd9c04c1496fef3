namespace SmsOtp.Tests.Messages;

/// <summary>BCP 47 tags: the subset accepted, case normalisation and the RFC 4647 lookup chain.</summary>
public sealed class LocaleTagTests
{
    [Theory]
    [InlineData("en", "en")]
    [InlineData("EN", "en")]
    [InlineData("pt-br", "pt-BR")]
    [InlineData("pt_BR", "pt-BR")]
    [InlineData(" pt-BR ", "pt-BR")]
    [InlineData("zh-hant-tw", "zh-Hant-TW")]
    [InlineData("ZH-HANS", "zh-Hans")]
    [InlineData("es-419", "es-419")]
    [InlineData("sr-latn", "sr-Latn")]
    [InlineData("de-CH-1996", "de-CH-1996")]
    [InlineData("sl-IT-ROZAJ-BISKE", "sl-IT-rozaj-biske")]
    [InlineData("fil", "fil")]
    public void Valid_tags_are_normalised(string input, string expected)
    {
        Assert.True(LocaleTag.TryNormalize(input, out var tag));
        Assert.Equal(expected, tag);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("e")]
    [InlineData("english")]
    [InlineData("en-")]
    [InlineData("-en")]
    [InlineData("en--US")]
    [InlineData("en-US-u-ca-buddhist")]   // extensions are outside the subset
    [InlineData("x-klingon")]
    [InlineData("i-klingon")]
    [InlineData("en-US-x-private")]
    [InlineData("zh-yue-HK")]              // extended language subtag
    [InlineData("en-USA")]
    [InlineData("en-12")]
    [InlineData("de-1996-1996")]           // a variant may not repeat
    [InlineData("fr FR")]
    [InlineData("ελ")]
    [InlineData("en-abcdefghi")]
    [InlineData("en-US-Latn")]             // script after region
    public void Invalid_tags_are_refused(string? input)
    {
        Assert.False(LocaleTag.TryNormalize(input, out var tag));
        Assert.Null(tag);
    }

    [Fact]
    public void Tags_longer_than_35_characters_are_refused()
    {
        Assert.False(LocaleTag.IsValid("de-CH-" + string.Join("-", Enumerable.Repeat("abcde", 5)) + "-abcdef"));
    }

    [Theory]
    [InlineData("pt-BR", new[] { "pt-BR", "pt" })]
    [InlineData("zh-Hant-TW", new[] { "zh-Hant-TW", "zh-Hant", "zh" })]
    [InlineData("en", new[] { "en" })]
    [InlineData("de-CH-1996", new[] { "de-CH-1996", "de-CH", "de" })]
    public void Fallbacks_drop_subtags_from_the_right(string tag, string[] chain)
    {
        Assert.Equal(chain, LocaleTag.Fallbacks(tag));
    }
}
