namespace SmsOtp.Tests.Messages;

/// <summary>Accept-Language parsing (RFC 9110 §12.5.4): q-values, order, bad input.</summary>
public sealed class AcceptLanguageTests
{
    [Fact]
    public void Ranges_come_back_best_first()
    {
        Assert.Equal(["fr-CH", "fr", "en", "de", "*"], AcceptLanguage.Parse("fr-CH, fr;q=0.9, en;q=0.8, de;q=0.7, *;q=0.5"));
    }

    [Fact]
    public void Weights_sort_ranges_and_ties_keep_header_order()
    {
        Assert.Equal(["ja", "de", "fr", "en"], AcceptLanguage.Parse("en;q=0.1, de;q=0.5, fr;q=0.5, ja"));
    }

    [Fact]
    public void Ranges_are_normalised_and_repeats_dropped()
    {
        Assert.Equal(["pt-BR", "en-GB"], AcceptLanguage.Parse("PT-br,en_gb;q=0.7,pt-BR;q=0.2"));
    }

    [Theory]
    [InlineData("de;q=0, en", new[] { "en" })]             // q=0: not acceptable
    [InlineData("de;q=0.000, en", new[] { "en" })]
    [InlineData("de;q=1.5, en", new[] { "en" })]           // out of range
    [InlineData("de;q=1.001, en", new[] { "en" })]
    [InlineData("de;q=0.5555, en", new[] { "en" })]        // four decimals
    [InlineData("de;q=abc, en", new[] { "en" })]
    [InlineData("de;q=, en", new[] { "en" })]
    [InlineData("de;Q=0.5, en;q=0.6", new[] { "en", "de" })]
    [InlineData("de;q=1., en;q=0.", new[] { "de" })]       // "1." and "0." are valid qvalues
    [InlineData("klingon, x-pig-latin, en", new[] { "en" })]
    [InlineData("de;level=1;q=0.4, en;q=0.3", new[] { "de", "en" })]
    public void Bad_or_unacceptable_ranges_are_skipped(string header, string[] expected)
    {
        Assert.Equal(expected, AcceptLanguage.Parse(header));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(",,,")]
    [InlineData(";q=0.5")]
    public void Empty_headers_give_nothing(string? header)
    {
        Assert.Empty(AcceptLanguage.Parse(header));
    }

    [Fact]
    public void Only_the_first_32_ranges_are_read()
    {
        var header = string.Join(",", Enumerable.Repeat("xx", 32)) + ",en";
        Assert.Equal(["xx"], AcceptLanguage.Parse(header));
        Assert.Equal(["xx", "en"], AcceptLanguage.Parse(string.Join(",", Enumerable.Repeat("xx", 31)) + ",en"));
    }
}
