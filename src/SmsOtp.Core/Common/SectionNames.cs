namespace SmsOtp.Core.Common;

/// <summary>
/// The configuration section every key of the service lives under (<c>SmsOtp</c>, environment <c>SmsOtp__...</c>).
/// Each feature binds its own options class to the keys it owns; several bind this root section.
/// </summary>
public static class SectionNames
{
    public const string Root = "SmsOtp";
}
