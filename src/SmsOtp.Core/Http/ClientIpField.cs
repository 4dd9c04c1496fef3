using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace SmsOtp.Core.Http;

/// <summary>
/// The optional <c>clientIp</c> of the send, mobile and resend bodies (spec §9): the end user's address as the app sees
/// it, for the per-IP limit. Only the textual forms a proxy writes are accepted: IPv4 as four decimal octets
/// (<see cref="IPAddress.TryParse(string, out IPAddress)"/> alone would also read <c>1</c>, <c>0x7f.1</c> or <c>010.0.0.1</c>
/// as addresses) and IPv6 in RFC 4291/5952 text, without a zone id. The value is never echoed: the 400 names the field only.
/// </summary>
public static partial class ClientIpField
{
    public const string Name = "clientIp";

    /// <summary>The longest IPv6 text (an IPv4-mapped address written out in full).</summary>
    public const int MaxLength = 45;

    public static bool TryRead(JsonElement body, out IPAddress? address, out ApiProblem? problem)
    {
        address = null;
        if (!RequestReader.TryGetString(body, Name, out var text, out problem))
        {
            return false;
        }

        if (text is null)
        {
            return true;
        }

        if (!TryParse(text, out address))
        {
            problem = Problem.Validation($"'{Name}' must be an IPv4 address (four decimal numbers 0-255) or an IPv6 address without a zone.");
            return false;
        }

        return true;
    }

    public static bool TryParse(string text, out IPAddress? address)
    {
        address = null;
        if (text.Length is 0 or > MaxLength)
        {
            return false;
        }

        if (text.Contains(':', StringComparison.Ordinal))
        {
            if (!Ipv6Text().IsMatch(text) || !IPAddress.TryParse(text, out var v6) || v6.AddressFamily != AddressFamily.InterNetworkV6 || v6.ScopeId != 0)
            {
                return false;
            }

            address = v6;
            return true;
        }

        if (!Ipv4Text().IsMatch(text) || !IPAddress.TryParse(text, out var v4))
        {
            return false;
        }

        address = v4;
        return true;
    }

    [GeneratedRegex(@"^(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}\z", RegexOptions.CultureInvariant)]
    private static partial Regex Ipv4Text();

    /// <summary>Hex groups, colons and an optional dotted IPv4 tail: no zone (<c>%</c>), no brackets, no port.</summary>
    [GeneratedRegex(@"^[0-9A-Fa-f:]+(:[0-9.]+)?\z", RegexOptions.CultureInvariant)]
    private static partial Regex Ipv6Text();
}
