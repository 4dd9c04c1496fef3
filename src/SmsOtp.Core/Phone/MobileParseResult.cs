namespace SmsOtp.Core.Phone;

/// <summary>The outcome of parsing a mobile number. <see cref="Error"/> never contains the input.</summary>
public sealed record MobileParseResult(MobileParseStatus Status, string? E164, int CountryCode, string? Error)
{
    public static MobileParseResult Valid(string e164, int cc) => new(MobileParseStatus.Valid, e164, cc, null);
    public static MobileParseResult NotAllowed(string e164, int cc) =>
        new(MobileParseStatus.CountryNotAllowed, e164, cc, $"Numbers with country code +{cc} are not allowed.");
    public static MobileParseResult TypeNotAllowed(string e164, int cc, PhoneNumbers.PhoneNumberType type) =>
        new(MobileParseStatus.NumberTypeNotAllowed, e164, cc, $"Numbers of type {type} cannot receive codes; use a mobile number.");
    public static MobileParseResult Invalid(string error) => new(MobileParseStatus.Invalid, null, 0, error);
}
