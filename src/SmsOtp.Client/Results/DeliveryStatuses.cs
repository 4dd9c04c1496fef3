// The wire values, written once: SmsOtp.Core compiles this file too, in its own namespace (the client references nothing of the
// server). Comments name the client's types by ID string ("P:…"), which both builds take as they stand.
#if SMSOTP_SERVER
namespace SmsOtp.Core.Otp;
#else
namespace SmsOtp.Client;
#endif

/// <summary>The values of <see cref="P:SmsOtp.Client.ChallengeStatus.DeliveryStatus"/>.</summary>
public static class DeliveryStatuses
{
    /// <summary>Queued for a provider.</summary>
    public const string Queued = "queued";

    /// <summary>A provider accepted it.</summary>
    public const string Sent = "sent";

    /// <summary>The provider's receipt says it reached the phone.</summary>
    public const string Delivered = "delivered";

    /// <summary>The provider's receipt says it did not reach the phone.</summary>
    public const string Undelivered = "undelivered";

    /// <summary>Every provider refused it, or it could not be delivered at all.</summary>
    public const string Failed = "failed";

    /// <summary>A fresh code went through the next provider after a failed receipt.</summary>
    public const string Rerouted = "rerouted";
}
