namespace SmsOtp.Core.FraudGuard;

/// <summary>Sends and verifications in one bucket (verifications stay 0 in the cap's rows).</summary>
internal readonly record struct Count(int Sends, int Verified)
{
    /// <summary>One instance's column in a shared row: both counts in one 64-bit property.</summary>
    public long Packed => ((long)Sends << 32) | (uint)Verified;

    public static Count Unpack(long value) => new((int)(value >> 32), (int)(value & 0xFFFFFFFF));
}
