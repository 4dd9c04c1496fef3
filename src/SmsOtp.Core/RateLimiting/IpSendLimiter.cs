namespace SmsOtp.Core.RateLimiting;

/// <summary>
/// The per-IP limit (<c>RateLimits:SendsPerIpPerHour</c>, spec §9) across users and tenants: insert-only slot rows
/// <c>rl.i.&lt;keyed hash of the address&gt;</c> / <c>&lt;UTC hour&gt;-&lt;slot&gt;</c> in the users table, exactly as the
/// per-number limit, so it holds under parallel requests from any number of instances. The address itself is never
/// stored (<see cref="IpKey"/>). A send without an address (no <c>clientIp</c>) is not limited by it and costs nothing.
/// </summary>
public sealed class IpSendLimiter(UsersTable table) : HourlySlots(table.Client, PartitionPrefix, RateLimitDecision.Ip)
{
    public const string PartitionPrefix = "rl.i.";
}
