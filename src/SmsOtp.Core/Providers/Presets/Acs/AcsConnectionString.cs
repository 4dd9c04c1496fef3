namespace SmsOtp.Core.Providers.Presets.Acs;

/// <summary>An ACS connection string, <c>endpoint=https://...;accesskey=BASE64</c>: the access key is what signs.</summary>
public sealed record AcsConnectionString(Uri? Endpoint, byte[] AccessKey)
{
    /// <summary>Null when the value is not a connection string with a Base64 access key (its text is never repeated).</summary>
    public static AcsConnectionString? TryParse(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        Uri? endpoint = null;
        byte[]? key = null;
        foreach (var (name, item) in SettingParts.Of(value))
        {
            if (name.Equals("endpoint", StringComparison.OrdinalIgnoreCase))
            {
                Uri.TryCreate(item, UriKind.Absolute, out endpoint);
            }
            else if (name.Equals("accesskey", StringComparison.OrdinalIgnoreCase))
            {
                var buffer = new byte[item.Length];
                key = Convert.TryFromBase64String(item, buffer, out var written) && written > 0 ? buffer[..written] : null;
            }
        }

        return key is null ? null : new AcsConnectionString(endpoint, key);
    }
}
