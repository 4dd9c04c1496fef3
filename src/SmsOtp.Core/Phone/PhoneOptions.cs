using PhoneNumbers;
using SmsOtp.Core.Common;

namespace SmsOtp.Core.Phone;

/// <summary>The number rules of spec §4, root keys <c>SmsOtp:DefaultRegion</c> and <c>SmsOtp:AllowedCountryCodes</c>.</summary>
public sealed class PhoneOptions : IValidatedOptions
{
    public const string SectionName = Common.SectionNames.Root;

    /// <summary>ISO 3166 region whose national numbers (trunk prefix first, e.g. <c>0778888888</c>) are accepted.</summary>
    public string? DefaultRegion { get; set; }

    /// <summary>Country calling codes numbers may have (<c>94,44,1</c>); empty allows every country.</summary>
    public string? AllowedCountryCodes { get; set; }

    public void Validate(OptionsErrors errors)
    {
        if (!string.IsNullOrWhiteSpace(DefaultRegion)
            && !PhoneNumberUtil.GetInstance().GetSupportedRegions().Contains(DefaultRegion.Trim().ToUpperInvariant()))
        {
            errors.Add($"{errors.Prefix}{nameof(DefaultRegion)} '{DefaultRegion}' is not an ISO 3166 region libphonenumber knows (e.g. LK, GB, US).");
        }

        if (!CountryCodeList.TryParse(AllowedCountryCodes, out _, out var bad))
        {
            errors.Add($"{errors.Prefix}{nameof(AllowedCountryCodes)} has '{bad}', which is not a country calling code (e.g. 94,44,1).");
        }
    }
}
