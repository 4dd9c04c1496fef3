using System.Net.Sockets;

namespace SmsOtp.Core.RateLimiting;

/// <summary>
/// A keyed pseudonym of an end user's IP address (HMAC-SHA-256 under a key derived from the service's HMAC key):
/// the per-IP limiter's row key. IPv4 has only 2^32 addresses, so an unkeyed hash would be reversed by trying them
/// all. An IPv4-mapped IPv6 address counts as its IPv4 address; an IPv6 address counts by its /64 network, the
/// block one subscriber line gets (an attacker holding one /64 has 2^64 addresses to rotate through).
/// </summary>
public static class IpKey
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
