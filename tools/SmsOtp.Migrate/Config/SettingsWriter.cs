using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SmsOtp.Migrate.Config;

/// <summary>Renders a <see cref="SettingsDocument"/> in one of the <see cref="OutputFormat"/>s.</summary>
public static class SettingsWriter
{
    private static readonly JsonSerializerOptions Indented = new()
    {
        WriteIndented = true,
        // Templates hold quotes, '&' and '<'; keep them readable rather than \u0026-escaped.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string Write(SettingsDocument settings, OutputFormat format) => format switch
    {
        OutputFormat.Env => Env(settings),
        OutputFormat.Values => Values(settings),
        _ => Appsettings(settings),
    };

    private static string Appsettings(SettingsDocument settings)
    {
        var root = new JsonObject();
        foreach (var (key, value) in settings.Entries)
        {
            var parts = key.Split(':');
            var node = root;
            foreach (var part in parts[..^1])
            {
                if (node[part] is not JsonObject child)
                {
                    child = new JsonObject();
                    node[part] = child;
                }

                node = child;
            }

            node[parts[^1]] = value switch
            {
                bool b => JsonValue.Create(b),
                int i => JsonValue.Create(i),
                long l => JsonValue.Create(l),
                double d => JsonValue.Create(d),
                _ => JsonValue.Create(SettingsDocument.Format(value)),
            };
        }

        return new JsonObject { ["SmsOtp"] = Arrays(root) }.ToJsonString(Indented);
    }

    /// <summary>Objects keyed 0..n-1 (the provider list) become JSON arrays, as the binder also reads them.</summary>
    private static JsonNode Arrays(JsonNode node)
    {
        if (node is not JsonObject obj)
        {
            return node;
        }

        var keys = obj.Select(p => p.Key).ToList();
        foreach (var key in keys)
        {
            var child = obj[key]!;
            obj.Remove(key);
            obj[key] = Arrays(child);
        }

        if (keys.Count > 0 && keys.Select((k, i) => k == i.ToString(System.Globalization.CultureInfo.InvariantCulture)).All(x => x))
        {
            var array = new JsonArray();
            foreach (var key in keys)
            {
                var child = obj[key]!;
                obj.Remove(key);
                array.Add(child);
            }

            return array;
        }

        return obj;
    }

    private static string Env(SettingsDocument settings)
    {
        var text = new StringBuilder();
        foreach (var (key, value) in settings.Flatten())
        {
            text.Append(EnvName(key)).Append('=').Append(ShellQuote(value)).Append('\n');
        }

        return text.ToString();
    }

    private static string Values(SettingsDocument settings)
    {
        var obj = new JsonObject();
        foreach (var (key, value) in settings.Flatten())
        {
            obj[EnvName(key)] = value;
        }

        return obj.ToJsonString(Indented);
    }

    public static string EnvName(string key) => key.Replace(":", "__", StringComparison.Ordinal);

    /// <summary>Plain when safe, else single-quoted (POSIX): templates carry <c>$ctx.num</c>, which a shell would expand.</summary>
    public static string ShellQuote(string value) =>
        value.Length > 0 && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '/' or ':' or '+' or '-' or ',' or '@' or '%')
            ? value
            : "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
