namespace SmsOtp.Core.TrustedDevices;

/// <summary>
/// The stored form of a user's remembered devices, one column on the user's row (<c>DeviceTokens</c>) so the send
/// that already reads the row checks them without another storage call: <c>hash|expiry</c> entries (base64
/// HMAC, Unix seconds), oldest first, comma-separated. Never a token itself.
/// </summary>
public static class DeviceTokenList
{
    public readonly record struct Entry(string Hash, DateTimeOffset ExpiresAt);

    public static List<Entry> Parse(string? stored)
    {
        var entries = new List<Entry>();
        if (string.IsNullOrEmpty(stored))
        {
            return entries;
        }

        foreach (var item in stored.Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            var bar = item.IndexOf('|', StringComparison.Ordinal);
            if (bar > 0 && long.TryParse(item.AsSpan(bar + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
            {
                entries.Add(new Entry(item[..bar], DateTimeOffset.FromUnixTimeSeconds(Math.Min(seconds, 253_402_300_799))));
            }
        }

        return entries;
    }

    public static string? Format(IEnumerable<Entry> entries)
    {
        var text = new StringBuilder();
        foreach (var e in entries)
        {
            text.Append(text.Length == 0 ? "" : ",").Append(e.Hash).Append('|').Append(e.ExpiresAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));
        }

        return text.Length == 0 ? null : text.ToString();
    }
}
