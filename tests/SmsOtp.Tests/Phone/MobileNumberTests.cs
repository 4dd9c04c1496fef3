namespace SmsOtp.Tests.Phone;

/// <summary>Number normalisation and masking (spec §4).</summary>
public sealed class MobileNumberTests
{
    private static MobileNumberParser Parser(string? region = null, string? allowed = null) =>
        new(FixedTenantOptions.Of(new PhoneOptions { DefaultRegion = region, AllowedCountryCodes = allowed }));

    [Theory]
    [InlineData("+94778888888", "+94778888888")]
    [InlineData("94778888888", "+94778888888")]
    [InlineData("+94 77 888 8888", "+94778888888")]
    [InlineData("+94-77-888-8888", "+94778888888")]
    [InlineData("+94.77.888.8888", "+94778888888")]
    [InlineData("(+94) 77 888 8888", "+94778888888")]
    [InlineData("  +44 7911 123456 ", "+447911123456")]
    [InlineData("+1 (202) 555-0143", "+12025550143")]
    public void International_input_normalises_to_E164(string input, string expected)
    {
        var result = Parser().Parse(input);
        Assert.Equal(MobileParseStatus.Valid, result.Status);
        Assert.Equal(expected, result.E164);
    }

    [Theory]
    [InlineData("LK", "0778888888", "+94778888888")]
    [InlineData("LK", "077 888 8888", "+94778888888")]
    [InlineData("LK", "94778888888", "+94778888888")]
    [InlineData("GB", "07911 123456", "+447911123456")]
    public void National_input_is_accepted_with_DefaultRegion(string region, string input, string expected)
    {
        var result = Parser(region).Parse(input);
        Assert.Equal(MobileParseStatus.Valid, result.Status);
        Assert.Equal(expected, result.E164);
    }

    [Theory]
    [InlineData("0778888888")]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("123")]
    [InlineData("+94 77 888 8888 ext 5")]
    [InlineData("+94778888888;drop")]
    [InlineData("++94778888888")]
    [InlineData("94+778888888")]
    [InlineData("+999 123 456 789")]
    [InlineData("+9477888888812345678")]
    [InlineData("٠٧٧٨٨٨٨٨٨٨")]
    public void Invalid_input_is_refused_without_echoing_it(string input)
    {
        var result = Parser().Parse(input);
        Assert.Equal(MobileParseStatus.Invalid, result.Status);
        Assert.DoesNotContain("778888", result.Error!, StringComparison.Ordinal);
    }

    [Fact]
    public void Allow_list_refuses_other_countries()
    {
        var parser = Parser(allowed: "94,+44");
        Assert.Equal(MobileParseStatus.Valid, parser.Parse("+94778888888").Status);
        Assert.Equal(MobileParseStatus.Valid, parser.Parse("+447911123456").Status);
        var us = parser.Parse("+12025550143");
        Assert.Equal(MobileParseStatus.CountryNotAllowed, us.Status);
        Assert.Equal(1, us.CountryCode);
        Assert.Equal(MobileParseStatus.CountryNotAllowed, parser.Check("+12025550143")); // a stored number, as a send checks it
        Assert.Equal(MobileParseStatus.Valid, Parser().Check("+12025550143"));
    }

    [Theory]
    [InlineData("+94778888888", "+*******8888")]
    [InlineData("+447911123456", "+********3456")]
    [InlineData("+12025550143", "+*******0143")]
    [InlineData("", "")]
    public void Masking_keeps_the_plus_and_the_last_four_digits(string e164, string masked) =>
        Assert.Equal(masked, MobileMask.Mask(e164));

}
