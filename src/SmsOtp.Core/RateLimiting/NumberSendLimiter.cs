namespace SmsOtp.Core.RateLimiting;

/// <summary>
/// The per-number limit across users and tenants: one insert-only "slot" row per send in the users table,
/// partition <c>rl.n.&lt;HMAC of the number&gt;</c>, row <c>&lt;UTC hour&gt;-&lt;slot&gt;</c>. Slot k of an hour
/// can be inserted once (a second insert gets 409), and only slots below the limit are tried, so no more
/// than the limit can succeed however many sends race. The first send to a number in an hour costs one
/// insert; a later one costs the failed insert of slot 0, one partition query to learn the count, and the
/// insert of the next slot; a refusal costs the failed insert and the query. The query also deletes the
/// number's rows of past hours (one batch in the same partition). Each instance remembers the next slot
/// it expects per number for the current hour, so a later send to the same number usually costs one
/// insert too, and a number already at its limit is refused without any storage call. The hint only
/// chooses where to start: a slot is still taken by its insert alone, so the limit holds across instances.
/// </summary>
public sealed class NumberSendLimiter(UsersTable table) : HourlySlots(table.Client, PartitionPrefix, RateLimitDecision.Number)
{
    public const string PartitionPrefix = "rl.n.";
}

/// <summary>
/// A keyed pseudonym of an E.164 number (HMAC-SHA-256 under the service's HMAC key): the limiter's row key
/// and, shortened, the audit log's number correlation id. Without the key it cannot be reversed by
/// trying every number, which an unkeyed hash of a ten-digit space could.
/// </summary>
internal static class NumberKey
{
    /// <summary>Characters of the key that audit events carry: 72 bits, enough to correlate, short to read.</summary>
    public const int AuditLength = 12;

    public static string Compute(byte[] hmacKey, string e164) =>
        Base64Url.Encode(HMACSHA256.HashData(hmacKey, Encoding.UTF8.GetBytes("number|" + e164)));
}
