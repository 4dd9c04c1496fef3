using PhoneNumbers;

namespace SmsOtp.Core.Phone;

/// <summary>
/// Normalises user input to E.164 with libphonenumber (spec §4) and applies the country allow-list.
/// Input may carry <c>+</c>, spaces, dashes, dots and parentheses. Digits alone are international with
/// the country code first; with <c>SmsOtp:DefaultRegion</c> set, input starting with that region's
/// trunk prefix (0 in most countries) is read as a national number. A number of a type in
/// <c>SmsOtp:BlockedNumberTypes</c> (libphonenumber's own type detection) is refused (spec §9).
/// </summary>
public sealed class MobileNumberParser(TenantOptions<PhoneOptions> options)
{
    public const int MaxInputLength = 64;
    private static readonly PhoneNumberUtil Util = PhoneNumberUtil.GetInstance();

    /// <param name="tenant">Whose <c>DefaultRegion</c> and <c>AllowedCountryCodes</c> apply (spec §10.1); null for the global ones.</param>
    public MobileParseResult Parse(string? input, string? tenant = null)
    {
        if (string.IsNullOrWhiteSpace(input) || input.Length > MaxInputLength)
        {
            return MobileParseResult.Invalid("The mobile number is empty or too long.");
        }

        var digits = new System.Text.StringBuilder(input.Length);
        var plus = false;
        foreach (var c in input.Trim())
        {
            if (char.IsAsciiDigit(c))
            {
                digits.Append(c);
            }
            else if (c == '+' && digits.Length == 0 && !plus)
            {
                plus = true;
            }
            else if (c is not (' ' or '-' or '.' or '(' or ')'))
            {
                return MobileParseResult.Invalid("The mobile number may hold only digits, a leading +, spaces, dashes, dots and parentheses.");
            }
        }

        if (digits.Length is < 4 or > 17)
        {
            return MobileParseResult.Invalid("The mobile number has too few or too many digits.");
        }

        var o = options.For(tenant);
        var region = string.IsNullOrWhiteSpace(o.DefaultRegion) ? null : o.DefaultRegion.Trim().ToUpperInvariant();
        PhoneNumber? number = null;
        if (!plus && region is not null)
        {
            var trunk = Util.GetNddPrefixForRegion(region, true);
            if (!string.IsNullOrEmpty(trunk) && digits.ToString().StartsWith(trunk, StringComparison.Ordinal))
            {
                number = TryParse(digits.ToString(), region);
            }
        }

        number ??= TryParse("+" + digits, null);
        if (number is null || !Util.IsValidNumber(number))
        {
            return MobileParseResult.Invalid(region is null
                ? "The mobile number is not a valid international number; include the country code (e.g. +94 77 888 8888)."
                : $"The mobile number is not a valid international number or a valid national number for {region}.");
        }

        var e164 = Util.Format(number, PhoneNumberFormat.E164);
        if (!IsCountryAllowed(number.CountryCode, o))
        {
            return MobileParseResult.NotAllowed(e164, number.CountryCode);
        }

        var type = Util.GetNumberType(number);
        if (o.IsBlocked(type))
        {
            return MobileParseResult.TypeNotAllowed(e164, number.CountryCode, type);
        }

        return MobileParseResult.Valid(e164, number.CountryCode);
    }

    /// <summary>
    /// The entry rules for a number already stored as E.164 (it may predate them): <see cref="MobileParseStatus.Valid"/>,
    /// <see cref="MobileParseStatus.CountryNotAllowed"/> or <see cref="MobileParseStatus.NumberTypeNotAllowed"/>
    /// (<see cref="MobileParseStatus.Invalid"/> when it no longer parses).
    /// </summary>
    public MobileParseStatus Check(string e164, string? tenant = null)
    {
        var number = TryParse(e164, null);
        if (number is null)
        {
            return MobileParseStatus.Invalid;
        }

        var o = options.For(tenant);
        return !IsCountryAllowed(number.CountryCode, o) ? MobileParseStatus.CountryNotAllowed
            : o.IsBlocked(Util.GetNumberType(number)) ? MobileParseStatus.NumberTypeNotAllowed
            : MobileParseStatus.Valid;
    }

    private static bool IsCountryAllowed(int countryCode, PhoneOptions o)
    {
        CountryCodeList.TryParse(o.AllowedCountryCodes, out var allowed, out _);
        return allowed.Count == 0 || allowed.Contains(countryCode);
    }

    private static PhoneNumber? TryParse(string text, string? region)
    {
        try
        {
            return Util.Parse(text, region);
        }
        catch (NumberParseException)
        {
            return null;
        }
    }
}

/// <summary>Parses <c>SmsOtp:AllowedCountryCodes</c> ("94,44,1"); empty means every country.</summary>
internal static class CountryCodeList
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

/// <summary>Masks a number for responses and logs: the leading <c>+</c> and the last 4 digits stay.</summary>
internal static class MobileMask
{
    public static string Mask(string? e164)
    {
        if (string.IsNullOrEmpty(e164))
        {
            return string.Empty;
        }

        var chars = e164.ToCharArray();
        var keepFrom = chars.Length - 4;
        for (var i = 0; i < chars.Length; i++)
        {
            if (char.IsAsciiDigit(chars[i]) && i < keepFrom)
            {
                chars[i] = '*';
            }
        }

        return new string(chars);
    }
}
