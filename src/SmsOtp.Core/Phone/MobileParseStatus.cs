namespace SmsOtp.Core.Phone;

public enum MobileParseStatus
{
    Valid,
    Invalid,
    CountryNotAllowed,

    /// <summary>Valid, but of a type in <c>SmsOtp:BlockedNumberTypes</c> (premium rate, toll free, ...; spec §9).</summary>
    NumberTypeNotAllowed,
}
