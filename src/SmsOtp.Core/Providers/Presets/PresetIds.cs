using System.Buffers.Binary;

namespace SmsOtp.Core.Providers.Presets;

/// <summary>Numeric ids a provider deduplicates on, derived from a code's <see cref="SmsMessage.Reference"/>.</summary>
public static class PresetIds
{
    /// <summary>
    /// A positive int32 (1 to 2^31-1) for BulkSMS's <c>deduplication-id</c> / the EAPI's <c>stop_dup_id</c>: the first four
    /// bytes of SHA-256 over a per-field label and the reference. The same reference always gives the same id, so every
    /// attempt of one code carries it; two codes share one with a chance of about k²/2^32 among k codes sent within the
    /// provider's window (12 h for BulkSMS), and then BulkSMS silently drops the second (the user asks for a resend).
    /// Unkeyed on purpose: the reference is opaque and holds nothing secret, and the id leaves the service anyway.
    /// </summary>
    public static int Deduplication(string label, string reference)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(label + "\n" + reference));
        return (int)(BinaryPrimitives.ReadUInt32BigEndian(hash) % int.MaxValue) + 1;
    }
}
