namespace SmsOtp.Core.Otp;

/// <summary>What a verified receipt does to its challenge (spec §8).</summary>
public enum ReceiptEffect
{
    /// <summary>Not the current code, not sent by the provider that reports it, not open, or already final: counted, nothing changes.</summary>
    Ignored,

    /// <summary>The current code's status is now the receipt's.</summary>
    Applied,

    /// <summary>Applied, and the code did not arrive: a fresh one goes through the next provider (once per challenge).</summary>
    Reroute,
}
