namespace SmsOtp.Core.Storage;

/// <summary>Values of <see cref="UserRecord.ChallengeState"/>.</summary>
public static class ChallengeStates
{
    public const string AwaitingMobile = "awaiting_mobile";
    public const string Open = "open";
    public const string Verified = "verified";
    public const string Exhausted = "exhausted";
    public const string Undeliverable = "undeliverable";
}
