namespace SmsOtp.Core.RateLimiting;

/// <summary>
/// A keyed pseudonym of an E.164 number (HMAC-SHA-256 under the service's HMAC key): the limiter's row key
/// and, shortened, the audit log's number correlation id. Without the key it cannot be reversed by
/// trying every number, which an unkeyed hash of a ten-digit space could.
/// </summary>
public static class NumberKey
{
    /// <summary>Characters of the key that audit events carry: 72 bits, enough to correlate, short to read.</summary>
    public const int AuditLength = 12;

    public static string Compute(byte[] hmacKey, string e164) =>
        Base64Url.Encode(HMACSHA256.HashData(hmacKey, Encoding.UTF8.GetBytes("number|" + e164)));
}
