using System.Globalization;

namespace SmsOtp.Migrate.Config;

/// <summary>
/// The converted settings: keys relative to the <c>SmsOtp</c> section (<c>Mandatory</c>,
/// <c>AccountLock:MaxFailedAttempts</c>, <c>Providers:0:Preset</c>) with typed values, in the order they
/// were set. <see cref="SettingsWriter"/> renders them as appsettings JSON or environment variables.
/// </summary>
public sealed class SettingsDocument
{
    private readonly List<KeyValuePair<string, object>> _entries = [];

    public IReadOnlyList<KeyValuePair<string, object>> Entries => _entries;

    public void Set(string key, object value)
    {
        var index = _entries.FindIndex(e => string.Equals(e.Key, key, StringComparison.OrdinalIgnoreCase));
        if (index >= 0)
        {
            _entries[index] = new(key, value);
        }
        else
        {
            _entries.Add(new(key, value));
        }
    }

    public object? Get(string key) =>
        _entries.FirstOrDefault(e => string.Equals(e.Key, key, StringComparison.OrdinalIgnoreCase)).Value;

    public bool Contains(string key) => _entries.Any(e => string.Equals(e.Key, key, StringComparison.OrdinalIgnoreCase));

    /// <summary>The same settings under another prefix (<c>Tenants:acme:</c>).</summary>
    public SettingsDocument Prefixed(string prefix)
    {
        var copy = new SettingsDocument();
        foreach (var (key, value) in _entries)
        {
            copy._entries.Add(new(prefix + key, value));
        }

        return copy;
    }

    /// <summary>Flat configuration keys as the .NET binder sees them (<c>SmsOtp:Mandatory</c> = <c>true</c>).</summary>
    public IEnumerable<KeyValuePair<string, string>> Flatten(string section = "SmsOtp") =>
        _entries.Select(e => KeyValuePair.Create(section + ":" + e.Key, Format(e.Value)));

    public static string Format(object value) => value switch
    {
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
