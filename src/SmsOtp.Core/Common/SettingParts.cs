namespace SmsOtp.Core.Common;

/// <summary>
/// The <c>name=value</c> parts of a <c>;</c>-separated setting (an ACS connection string, the Application Insights
/// authentication string), trimmed, in order; a part without a name or an <c>=</c> is skipped. Names keep their case.
/// </summary>
public static class SettingParts
{
    public static IEnumerable<(string Name, string Value)> Of(string setting)
    {
        foreach (var part in setting.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0)
            {
                yield return (part[..equals].Trim(), part[(equals + 1)..].Trim());
            }
        }
    }
}
