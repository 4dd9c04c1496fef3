using SmsOtp.Core.Phone;
using SmsOtp.Migrate.Users;
using SmsOtp.Testing;

namespace SmsOtp.Migrate.Tests.Users;

/// <summary>The tool normalises numbers by the service's rules: both parsers agree on every input here.</summary>
public sealed class PhoneNormalizerTests
{
    public static TheoryData<string, string?> Inputs => new()
    {
        { "+94 77 123 4567", null }, { "94771234567", null }, { "0771234567", "LK" }, { "0771234567", null },
        { "(077) 123-4567", "LK" }, { "077.123.4567", "LK" }, { "+44 7911 123456", "LK" }, { "07911 123456", "GB" },
        { "12345", null }, { "+94 77 123 456", null }, { "+1 (202) 555-0123", null }, { "abc", null }, { "", null },
        { "++94771234567", null }, { "+94771234567x", null }, { "0094771234567", null }, { "771234567", "LK" },
    };

    [Theory]
    [MemberData(nameof(Inputs))]
    public void SameAsTheService(string input, string? region)
    {
        var service = new MobileNumberParser(FixedTenantOptions.Of(new PhoneOptions { DefaultRegion = region })).Parse(input);
        var tool = new PhoneNormalizer(region).Normalize(input);
        Assert.Equal(service.Status == MobileParseStatus.Invalid ? null : service.E164, tool);
    }

}
