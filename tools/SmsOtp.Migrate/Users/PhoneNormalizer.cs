using PhoneNumbers;

namespace SmsOtp.Migrate.Users;

/// <summary>
/// The service's number rules (spec §4, <c>SmsOtp.Core</c>'s <c>MobileNumberParser</c>) without its hosting:
/// <c>+</c>, spaces, dashes, dots and parentheses allowed; digits alone are international with the country
/// code first; with a default region, input starting with that region's trunk prefix (0 in most countries)
/// is national; libphonenumber must call the number valid. A test holds both parsers equal.
/// </summary>
public sealed class PhoneNormalizer(string? defaultRegion)
{
    private const int MaxInputLength = 64;
    private static readonly PhoneNumberUtil Util = PhoneNumberUtil.GetInstance();
    private readonly string? _region = string.IsNullOrWhiteSpace(defaultRegion) ? null : defaultRegion.Trim().ToUpperInvariant();

    public static bool IsKnownRegion(string region) => Util.GetSupportedRegions().Contains(region.Trim().ToUpperInvariant());

    /// <summary>The E.164 form, or null when the input is not a valid number by the service's rules.</summary>
    public string? Normalize(string? input)
    {
        if (string.IsNullOrWhiteSpace(input) || input.Length > MaxInputLength)
        {
            return null;
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
                return null;
            }
        }

        if (digits.Length is < 4 or > 17)
        {
            return null;
        }

        PhoneNumber? number = null;
        if (!plus && _region is not null)
        {
            var trunk = Util.GetNddPrefixForRegion(_region, true);
            if (!string.IsNullOrEmpty(trunk) && digits.ToString().StartsWith(trunk, StringComparison.Ordinal))
            {
                number = TryParse(digits.ToString(), _region);
            }
        }

        number ??= TryParse("+" + digits, null);
        return number is not null && Util.IsValidNumber(number) ? Util.Format(number, PhoneNumberFormat.E164) : null;
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
