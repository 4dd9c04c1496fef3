namespace SmsOtp.Core.Otp;

/// <summary>Values of <see cref="Storage.UserRecord.DeliveryState"/> for <see cref="Storage.UserRecord.DeliveryVersion"/>.</summary>
public static class DeliveryStates
{
    /// <summary>A delivery claimed this code before calling a provider: it was sent, or its fate is unknown.</summary>
    public const string Claimed = "claimed";

    /// <summary>Every provider refused this attempt; a redelivery may try again.</summary>
    public const string Failed = "failed";
}
