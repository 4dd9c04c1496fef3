namespace SmsOtp.Core.Receipts.EventGrid;

/// <summary>
/// Reads a receipt-queue message: JSON text or Base64 of it (Event Grid's storage-queue destination has written both),
/// holding one event or an array of them, in the Event Grid schema or as a CloudEvent, with property names in either
/// casing (<c>eventType</c>/<c>EventType</c>, <c>data.tag</c>/<c>Data.Tag</c>). Events of other types are skipped. Null
/// for anything that is not such a message: it is consumed and counted, never retried.
/// </summary>
public static class AcsDeliveryReportParser
{
    public const string EventType = "Microsoft.Communication.SMSDeliveryReportReceived";

    /// <summary>A queue message holds at most 64 KiB; anything larger is not Event Grid's.</summary>
    public const int MaxLength = 64 * 1024;

    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 16 };

    /// <summary>The reports in the message (events of other types left out), or null when it cannot be read.</summary>
    public static IReadOnlyList<AcsDeliveryReport>? Parse(string? message)
    {
        if (Json(message) is not { } json)
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(json, DocumentOptions);
            var root = document.RootElement;
            var events = root.ValueKind switch
            {
                JsonValueKind.Object => [root],
                JsonValueKind.Array => root.EnumerateArray().ToList(),
                _ => null,
            };
            if (events is null || events.Count == 0 || events.Any(e => e.ValueKind != JsonValueKind.Object))
            {
                return null;
            }

            var reports = new List<AcsDeliveryReport>();
            foreach (var e in events)
            {
                var type = Text(e, "eventType") ?? Text(e, "type");
                if (type is null)
                {
                    return null;
                }

                if (!string.Equals(type, EventType, StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                if (Property(e, "data") is not { ValueKind: JsonValueKind.Object } data)
                {
                    return null;
                }

                reports.Add(new AcsDeliveryReport(Text(data, "tag"), Text(data, "messageId"), Text(data, "deliveryStatus"),
                    Text(data, "deliveryStatusDetails"), Text(e, "topic") ?? Text(e, "source")));
            }

            return reports;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The message as JSON text: as it is when it starts like JSON, else decoded from Base64 (UTF-8).</summary>
    private static string? Json(string? message)
    {
        if (string.IsNullOrWhiteSpace(message) || message.Length > MaxLength)
        {
            return null;
        }

        var text = message.Trim();
        if (text[0] is '{' or '[')
        {
            return text;
        }

        var bytes = new byte[text.Length];
        if (!Convert.TryFromBase64String(text, bytes, out var written))
        {
            return null;
        }

        try
        {
            var decoded = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes, 0, written).Trim();
            return decoded.Length > 0 && decoded[0] is '{' or '[' ? decoded : null;
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }

    /// <summary>A property by name in either casing (<c>tag</c>, <c>Tag</c>, any other case); the exact name first.</summary>
    private static JsonElement? Property(JsonElement element, string name)
    {
        if (element.TryGetProperty(name, out var exact))
        {
            return exact;
        }

        foreach (var property in element.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return property.Value;
            }
        }

        return null;
    }

    private static string? Text(JsonElement element, string name) =>
        Property(element, name) is { ValueKind: JsonValueKind.String } value ? value.GetString() : null;
}
