using System.Globalization;
using Tomlyn.Model;

namespace SmsOtp.Migrate.Config;

/// <summary>
/// Reads WSO2's value forms: <c>true</c>, <c>"true"</c>, <c>"True"</c>, <c>30</c>, <c>"30"</c>. Booleans follow
/// Java's <c>Boolean.parseBoolean</c> as the connector does: "true" in any case is true, anything else false.
/// </summary>
public static class TomlValues
{
    /// <summary>Flattens nested tables into dotted keys: unquoted <c>account.lock.handler.Time</c> is a table path in TOML.</summary>
    public static Dictionary<string, object> Flatten(TomlTable table, string prefix = "")
    {
        var flat = new Dictionary<string, object>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in table)
        {
            if (value is TomlTable child)
            {
                foreach (var (k, v) in Flatten(child, prefix + key + "."))
                {
                    flat[k] = v;
                }
            }
            else if (value is not null)
            {
                flat[prefix + key] = value;
            }
        }

        return flat;
    }

    public static TomlTable? Table(TomlTable root, params string[] path)
    {
        var node = root;
        foreach (var part in path)
        {
            if (!node.TryGetValue(part, out var next) || next is not TomlTable child)
            {
                return null;
            }

            node = child;
        }

        return node;
    }

    /// <summary>The value as WSO2 reads it, and whether it was a clear true/false.</summary>
    public static (bool Value, bool Clear) Bool(object value) => value switch
    {
        bool b => (b, true),
        string s when s.Trim().Equals("true", StringComparison.OrdinalIgnoreCase) => (true, true),
        string s when s.Trim().Equals("false", StringComparison.OrdinalIgnoreCase) => (false, true),
        _ => (false, false),
    };

    public static long? Integer(object value) => value switch
    {
        long l => l,
        int i => i,
        double d when d == Math.Floor(d) && Math.Abs(d) < long.MaxValue => (long)d,
        string s when long.TryParse(s.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var l) => l,
        _ => null,
    };

    public static double? Number(object value) => value switch
    {
        long l => l,
        int i => i,
        double d => d,
        string s when double.TryParse(s.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => d,
        _ => null,
    };

    public static string Text(object value) => value switch
    {
        string s => s,
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
