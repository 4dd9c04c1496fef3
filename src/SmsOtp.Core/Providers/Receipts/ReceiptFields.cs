using Microsoft.AspNetCore.WebUtilities;

namespace SmsOtp.Core.Providers.Receipts;

/// <summary>The fields of a receipt: the URL's query and the body's form or JSON members, decoded once for parsers and signatures.</summary>
internal static class ReceiptFields
{
    /// <summary>The query's parameters, decoded; null when a name repeats (no provider repeats one, and a signature over it would be ambiguous).</summary>
    public static SortedDictionary<string, string>? Query(Uri url) => Pairs(url.Query);

    /// <summary>The body as a form; null when it is JSON or a name repeats.</summary>
    public static SortedDictionary<string, string>? Form(ReceiptRequest request) => IsJson(request) ? null : Pairs(request.Body);

    /// <summary>The body's parameters, a form or a flat JSON object (numbers as their decimal text); null when neither.</summary>
    public static SortedDictionary<string, string>? Body(ReceiptRequest request)
    {
        if (!IsJson(request))
        {
            return Pairs(request.Body);
        }

        if (Json(request) is not { ValueKind: JsonValueKind.Object } json)
        {
            return null;
        }

        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var member in json.EnumerateObject())
        {
            var value = member.Value.ValueKind switch
            {
                JsonValueKind.String => member.Value.GetString()!,
                JsonValueKind.Null => null,
                _ => member.Value.GetRawText(),
            };
            if (value is not null && !result.TryAdd(member.Name, value))
            {
                return null;
            }
        }

        return result;
    }

    /// <summary>The body as JSON, or null when it is not JSON.</summary>
    public static JsonElement? Json(ReceiptRequest request)
    {
        try
        {
            using var document = JsonDocument.Parse(request.Body, new JsonDocumentOptions { MaxDepth = 16 });
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The body as JSON of this kind (a BulkSMS array, a Clickatell object), or null.</summary>
    public static JsonElement? Json(ReceiptRequest request, JsonValueKind kind) =>
        IsJson(request) && Json(request) is { } json && json.ValueKind == kind ? json : null;

    /// <summary>JSON by its content type, or, without one, by its first character.</summary>
    public static bool IsJson(ReceiptRequest request)
    {
        var type = request.ContentType?.Split(';')[0].Trim();
        return string.IsNullOrEmpty(type)
            ? request.Body.TrimStart() is { Length: > 0 } text && text[0] is '{' or '['
            : type.EndsWith("json", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>A header's value by name, ignoring case.</summary>
    public static string? Header(ReceiptRequest request, string name)
    {
        if (request.Headers.TryGetValue(name, out var value))
        {
            return value;
        }

        return request.Headers.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value;
    }

    /// <summary>Our reference to the code, in the per-message callback's query (<c>?r=</c>).</summary>
    public static string? Reference(ReceiptRequest request) => Query(request.Url)?.GetValueOrDefault("r");

    /// <summary>An error code worth keeping: not empty and not all zeros (the providers' "no error").</summary>
    public static string? ErrorCode(string? code) =>
        string.IsNullOrWhiteSpace(code) || code.All(c => c == '0') ? null : code.Trim();

    public static long? Integer(string? text) =>
        long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : null;

    private static SortedDictionary<string, string>? Pairs(string text)
    {
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, values) in QueryHelpers.ParseQuery(text))
        {
            if (values.Count != 1)
            {
                return null;
            }

            result[name] = values[0] ?? "";
        }

        return result;
    }
}
