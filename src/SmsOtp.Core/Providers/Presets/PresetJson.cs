namespace SmsOtp.Core.Providers.Presets;

/// <summary>Small readers for providers' JSON answers; a body that is not JSON yields nothing.</summary>
public static class PresetJson
{
    public static JsonElement? Parse(string body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return null;
        }

        try
        {
            using var doc = JsonDocument.Parse(body);
            return doc.RootElement.Clone();
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>A string or number property as text; null for anything else (messages are never read).</summary>
    public static string? Scalar(JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value)
            ? value.ValueKind switch
            {
                JsonValueKind.String => value.GetString(),
                JsonValueKind.Number => value.GetRawText(),
                _ => null,
            }
            : null;

    /// <summary>A string or number element as text; null for anything else.</summary>
    public static string? Scalar(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Number => value.GetRawText(),
        _ => null,
    };

    /// <summary>The array property, if the element is an object that has one.</summary>
    public static JsonElement? Array(JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var array) && array.ValueKind == JsonValueKind.Array
            ? array
            : null;

    /// <summary>The object property, if the element is an object that has one.</summary>
    public static JsonElement? Object(JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.Object
            ? value
            : null;

    /// <summary>The first element of an array property, if any.</summary>
    public static JsonElement? First(JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var array)
        && array.ValueKind == JsonValueKind.Array && array.GetArrayLength() > 0
            ? array[0]
            : null;

    public static string Code(int status) => status.ToString(CultureInfo.InvariantCulture);
}
