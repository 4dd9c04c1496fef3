// One file, two assemblies: the client package's constants, compiled into the server too (SmsOtp.Core links it), so
// the wire values are written once. The client must not reference the server, hence a shared file, not a shared type.
#if SMSOTP_SERVER
#pragma warning disable CS1574 // the comments name the client's result types, which the server does not have
namespace SmsOtp.Core.Otp;
#else
namespace SmsOtp.Client;
#endif

/// <summary>The values of <see cref="ChallengeStatus.DeliveryStatus"/>.</summary>
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
