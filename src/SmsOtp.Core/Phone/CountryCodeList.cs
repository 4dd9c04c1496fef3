using PhoneNumbers;

namespace SmsOtp.Core.Phone;

/// <summary>Parses <c>SmsOtp:AllowedCountryCodes</c> ("94,44,1"); empty means every country.</summary>
public static class CountryCodeList
{
    public static bool TryParse(string? value, out IReadOnlySet<int> codes, out string? bad)
    {
        var set = new HashSet<int>();
        codes = set;
        bad = null;
        if (string.IsNullOrWhiteSpace(value))
        {
            return true;
        }

        var util = PhoneNumberUtil.GetInstance();
        foreach (var raw in value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var item = raw.TrimStart('+');
            if (!int.TryParse(item, out var code) || code <= 0 || util.GetRegionCodeForCountryCode(code) == "ZZ")
            {
                bad = raw;
                return false;
            }

            set.Add(code);
        }

        return true;
    }
}
