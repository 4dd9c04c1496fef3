namespace SmsOtp.Core.Phone;

public enum MobileParseStatus
{
    Valid,
    Invalid,
    CountryNotAllowed,
}
