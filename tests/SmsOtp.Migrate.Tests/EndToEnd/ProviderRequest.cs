using System.Text.Json;
using System.Text;
using System.Web;
using WireMock.Logging;

namespace SmsOtp.Migrate.Tests.EndToEnd;

/// <summary>One request as the WireMock stand-in of a provider received it: method, path, headers, fields.</summary>
public sealed record ProviderRequest(string Method, string Path, IReadOnlyDictionary<string, string> Headers, string Body)
{
    public static ProviderRequest From(ILogEntry entry)
    {
        var m = entry.RequestMessage;
        var body = m.BodyAsBytes is { } bytes ? Encoding.UTF8.GetString(bytes) : m.Body ?? "";
        var headers = (m.Headers ?? new Dictionary<string, WireMock.Types.WireMockList<string>>())
            .ToDictionary(h => h.Key, h => h.Value.ToString()!, StringComparer.OrdinalIgnoreCase);
        var query = m.RawQuery is { Length: > 0 } q ? "?" + q.TrimStart('?') : "";
        return new ProviderRequest(m.Method, m.Path + query, headers, body);
    }

    public string PathOnly => Path.Split('?')[0];

    /// <summary>Query parameters and form fields together: WSO2 put some gateways' fields in the URL, the presets in the body.</summary>
    public Dictionary<string, string> Fields()
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        void Add(string text)
        {
            var parsed = HttpUtility.ParseQueryString(text);
            foreach (var key in parsed.AllKeys.Where(k => k is not null))
            {
                fields[key!] = parsed[key]!;
            }
        }

        if (Path.Contains('?', StringComparison.Ordinal))
        {
            Add(Path[(Path.IndexOf('?', StringComparison.Ordinal) + 1)..]);
        }

        if (!Body.TrimStart().StartsWith('{') && Body.Length > 0)
        {
            Add(Body);
        }

        return fields;
    }

    public JsonElement Json() => JsonDocument.Parse(Body).RootElement.Clone();
}
