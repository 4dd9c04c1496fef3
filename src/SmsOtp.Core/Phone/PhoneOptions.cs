using PhoneNumbers;

namespace SmsOtp.Core.Phone;

/// <summary>
/// The number rules of spec §4 and §9, root keys <c>SmsOtp:DefaultRegion</c>, <c>SmsOtp:AllowedCountryCodes</c> and
/// <c>SmsOtp:BlockedNumberTypes</c> (global only: a tenant may set the first two).
/// </summary>
public sealed class PhoneOptions : IValidatedOptions
{
    public const string SectionName = Common.SectionNames.Root;

    /// <summary>ISO 3166 region whose national numbers (trunk prefix first, e.g. <c>0778888888</c>) are accepted.</summary>
    public string? DefaultRegion { get; set; }

    /// <summary>Country calling codes numbers may have (<c>94,44,1</c>); empty allows every country.</summary>
    public string? AllowedCountryCodes { get; set; }

    /// <summary>The spec's default: the number types that bill the sender or cannot take an SMS (spec §9).</summary>
    public const string DefaultBlockedNumberTypes = "PREMIUM_RATE,SHARED_COST,TOLL_FREE,UAN,VOICEMAIL,PAGER";

    /// <summary>
    /// libphonenumber <see cref="PhoneNumberType"/> names refused at every entry, comma-separated (spec §9); <c>VOIP</c>,
    /// <c>FIXED_LINE</c> and <c>PERSONAL_NUMBER</c> may be added. Empty blocks none.
    /// </summary>
    public string? BlockedNumberTypes { get; set; } = DefaultBlockedNumberTypes;

    /// <summary>Types no list may block: every mobile number is one of them.</summary>
    private static readonly PhoneNumberType[] Unblockable = [PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE_OR_MOBILE, PhoneNumberType.UNKNOWN];

    private BlockedCache? _blocked;

    /// <summary>Whether <see cref="BlockedNumberTypes"/> names <paramref name="type"/>.</summary>
    public bool IsBlocked(PhoneNumberType type)
    {
        var current = _blocked;
        if (current is null || !ReferenceEquals(current.Source, BlockedNumberTypes))
        {
            TryParseTypes(BlockedNumberTypes, out var types, out _);
            current = new BlockedCache(BlockedNumberTypes, types);
            _blocked = current;
        }

        return current.Types.Contains(type);
    }

    /// <summary>The parsed list, kept with the text it came from (a reload binds a new text).</summary>
    private sealed record BlockedCache(string? Source, IReadOnlySet<PhoneNumberType> Types);

    /// <summary>Parses a comma-separated list of <see cref="PhoneNumberType"/> names (any case).</summary>
    public static bool TryParseTypes(string? value, out IReadOnlySet<PhoneNumberType> types, out string? bad)
    {
        var set = new HashSet<PhoneNumberType>();
        types = set;
        bad = null;
        foreach (var raw in (value ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!Enum.TryParse<PhoneNumberType>(raw, ignoreCase: true, out var type) || !Enum.IsDefined(type) || raw.Any(char.IsAsciiDigit)
                || Unblockable.Contains(type))
            {
                bad ??= raw;
                continue;
            }

            set.Add(type);
        }

        return bad is null;
    }

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

        if (!TryParseTypes(BlockedNumberTypes, out _, out var badType))
        {
            errors.Add($"{errors.Prefix}{nameof(BlockedNumberTypes)} has '{badType}', which is not a number type that can be blocked: use libphonenumber's "
                + "PREMIUM_RATE, SHARED_COST, TOLL_FREE, UAN, VOICEMAIL, PAGER, VOIP, FIXED_LINE or PERSONAL_NUMBER.");
        }
    }
}
