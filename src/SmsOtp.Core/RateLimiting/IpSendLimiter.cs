using System.Net.Sockets;

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

/// <summary>
/// A keyed pseudonym of an end user's IP address (HMAC-SHA-256 under a key derived from the service's HMAC key):
/// the per-IP limiter's row key. IPv4 has only 2^32 addresses, so an unkeyed hash would be reversed by trying them
/// all. An IPv4-mapped IPv6 address counts as its IPv4 address; an IPv6 address counts by its /64 network, the
/// block one subscriber line gets (an attacker holding one /64 has 2^64 addresses to rotate through).
/// </summary>
internal static class IpKey
{
    /// <summary>The purpose the limiter's key is derived for (<c>KeySet.Derive</c>).</summary>
    public const string Purpose = "smsotp/ratelimit/ip";

    public static string Compute(byte[] derivedKey, IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        Span<byte> bytes = stackalloc byte[17];
        int length;
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            bytes[0] = 4;
            address.TryWriteBytes(bytes[1..], out length);
            length += 1;
        }
        else
        {
            bytes[0] = 6;
            address.TryWriteBytes(bytes[1..], out _);
            length = 1 + 8; // the /64
        }

        return Base64Url.Encode(HMACSHA256.HashData(derivedKey, bytes[..length]));
    }
}
