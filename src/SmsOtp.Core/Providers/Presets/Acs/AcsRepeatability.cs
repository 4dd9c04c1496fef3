namespace SmsOtp.Core.Providers.Presets.Acs;

/// <summary>
/// ACS's repeatable-request fields for one code at one provider: <c>repeatabilityRequestId</c>, a GUID derived from the
/// provider's name and the code's §8 reference (the same on every attempt and redelivery of the code, another for every
/// other code or provider; never from the code or the number), and <c>repeatabilityFirstSent</c>, when the code was first
/// queued (RFC 1123), kept by every redelivery. ACS tracks a request id for 5 minutes: a repeat inside that window gets
/// the first request's result instead of a second SMS.
/// </summary>
public sealed record AcsRepeatability(string RequestId, string FirstSent)
{
    public static AcsRepeatability For(string provider, string reference, DateTimeOffset firstAttempt) =>
        new(RequestIdFor(provider, reference), firstAttempt.ToUniversalTime().ToString("R", CultureInfo.InvariantCulture));

    /// <summary>
    /// SHA-256 over a label, the provider and the reference, as a version-8 GUID. Unkeyed on purpose, like
    /// <see cref="PresetIds"/>: the reference is already authenticated and opaque, and the id leaves the service anyway.
    /// </summary>
    public static string RequestIdFor(string provider, string reference)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes("acs-repeatability\n" + provider + "\n" + reference), hash);
        var bytes = hash[..16];
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x80);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes, bigEndian: true).ToString("D");
    }
}
