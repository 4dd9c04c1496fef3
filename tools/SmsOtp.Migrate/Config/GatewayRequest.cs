using System.Text.Json;
using System.Text.RegularExpressions;

namespace SmsOtp.Migrate.Config;

/// <summary>
/// The request a WSO2 SMS OTP identity provider describes, taken apart: URL (base and query parameters),
/// method, headers (WSO2's <c>Name: Value,Name: Value</c>), payload and expected status. Placeholders
/// (<c>$ctx.num</c>, <c>$ctx.msg</c>, <c>$ctx.otp</c>) stay as they are.
/// </summary>
public sealed partial class GatewayRequest
{
    private GatewayRequest(string baseUrl, List<KeyValuePair<string, string>> query, string method,
        List<KeyValuePair<string, string>> headers, string? payload, string? httpResponse)
    {
        BaseUrl = baseUrl;
        Query = query;
        Method = method;
        Headers = headers;
        Payload = payload;
        HttpResponse = httpResponse;
        Uri.TryCreate(Regex.Replace(baseUrl, @"[{}$]", "_"), UriKind.Absolute, out var uri);
        Host = uri?.Host.ToLowerInvariant() ?? "";
        Authority = uri?.Authority.ToLowerInvariant() ?? "";
        Scheme = uri?.Scheme ?? "https";
        var afterScheme = baseUrl.IndexOf("://", StringComparison.Ordinal);
        var rest = afterScheme < 0 ? baseUrl : baseUrl[(afterScheme + 3)..];
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        PathSegments = slash < 0 ? [] : rest[(slash + 1)..].Split('/', StringSplitOptions.RemoveEmptyEntries);
    }

    /// <summary>Scheme, host and path, without the query.</summary>
    public string BaseUrl { get; set; }

    public List<KeyValuePair<string, string>> Query { get; }
    public string Method { get; }
    public List<KeyValuePair<string, string>> Headers { get; }
    public string? Payload { get; set; }
    public string? HttpResponse { get; }
    public string Host { get; }

    /// <summary>Host and port (a non-default port kept for a preset's BaseUrl).</summary>
    public string Authority { get; }
    public string Scheme { get; }
    public IReadOnlyList<string> PathSegments { get; }

    public string? ContentType => Header("Content-Type");

    public PayloadKind PayloadKind
    {
        get
        {
            if (string.IsNullOrWhiteSpace(Payload))
            {
                return PayloadKind.None;
            }

            var type = ContentType?.Split(';')[0].Trim().ToLowerInvariant();
            return type switch
            {
                null or "" => Payload.TrimStart().StartsWith('{') || Payload.TrimStart().StartsWith('[') ? PayloadKind.Json : PayloadKind.Form,
                "application/x-www-form-urlencoded" => PayloadKind.Form,
                _ when type.EndsWith("json", StringComparison.Ordinal) => PayloadKind.Json,
                _ when type.EndsWith("xml", StringComparison.Ordinal) => PayloadKind.Xml,
                _ => PayloadKind.Text,
            };
        }
    }

    public static GatewayRequest Parse(string url, string? method, string? headers, string? payload, string? httpResponse)
    {
        var question = url.IndexOf('?', StringComparison.Ordinal);
        var baseUrl = question < 0 ? url : url[..question];
        var query = new List<KeyValuePair<string, string>>();
        if (question >= 0)
        {
            foreach (var part in url[(question + 1)..].Split('&', StringSplitOptions.RemoveEmptyEntries))
            {
                var eq = part.IndexOf('=', StringComparison.Ordinal);
                query.Add(eq < 0 ? new(part, "") : new(part[..eq], part[(eq + 1)..]));
            }
        }

        return new GatewayRequest(baseUrl, query, (method ?? "POST").Trim().ToUpperInvariant(), ParseHeaders(headers), payload, httpResponse);
    }

    /// <summary>WSO2 splits the header string at commas, then each part at its first colon.</summary>
    public static List<KeyValuePair<string, string>> ParseHeaders(string? text)
    {
        var list = new List<KeyValuePair<string, string>>();
        foreach (var part in (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var colon = part.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0)
            {
                list.Add(new(part[..colon].Trim(), part[(colon + 1)..].Trim()));
            }
        }

        return list;
    }

    public string? Header(string name) =>
        Headers.FirstOrDefault(h => h.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).Value;

    public string HeaderString() => string.Join(",", Headers.Select(h => h.Key + ": " + h.Value));

    public string Url() => Query.Count == 0 ? BaseUrl : BaseUrl + "?" + string.Join("&", Query.Select(q => q.Value.Length == 0 && !q.Key.Contains('=') ? q.Key + "=" : q.Key + "=" + q.Value));

    /// <summary>A field by name from the query or a form or JSON payload (top level), URL-decoded; null when absent.</summary>
    public string? Field(string name)
    {
        foreach (var (key, value) in Query.Concat(FormFields()))
        {
            if (key.Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                return Uri.UnescapeDataString(value);
            }
        }

        if (PayloadKind == PayloadKind.Json)
        {
            try
            {
                using var json = JsonDocument.Parse(Payload!);
                if (json.RootElement.ValueKind == JsonValueKind.Object)
                {
                    foreach (var p in json.RootElement.EnumerateObject())
                    {
                        if (p.Name.Equals(name, StringComparison.OrdinalIgnoreCase) && p.Value.ValueKind == JsonValueKind.String)
                        {
                            return p.Value.GetString();
                        }
                    }
                }
            }
            catch (JsonException)
            {
                // A payload that is a template but not JSON: no fields to read.
            }
        }

        return null;
    }

    /// <summary>Every field name of the query and payload (for the notes on what a preset leaves out).</summary>
    public IEnumerable<string> FieldNames()
    {
        foreach (var (key, _) in Query.Concat(FormFields()))
        {
            yield return key;
        }

        if (PayloadKind == PayloadKind.Json)
        {
            foreach (Match m in JsonField().Matches(Payload!))
            {
                yield return m.Groups["name"].Value;
            }
        }
    }

    private IEnumerable<KeyValuePair<string, string>> FormFields()
    {
        if (PayloadKind != PayloadKind.Form)
        {
            yield break;
        }

        foreach (var part in Payload!.Trim().Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            yield return eq < 0 ? new(part, "") : new(part[..eq], part[(eq + 1)..]);
        }
    }

    [GeneratedRegex("\"(?<name>[^\"\\\\]+)\"\\s*:")]
    private static partial Regex JsonField();
}
