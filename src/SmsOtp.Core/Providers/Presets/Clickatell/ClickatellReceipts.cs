namespace SmsOtp.Core.Providers.Presets.Clickatell;

/// <summary>Clickatell's status callbacks (the One API's events, or the Platform API's single callback) to the webhook set in its console, proved by the URL's token.</summary>
public static class ClickatellReceipts
{
    public static PresetReceipts Receipts { get; } = PresetReceipts.FromConsole(Read);

    /// <summary>The One API's <c>event.messageStatusUpdate</c> list, or the archived Platform API's single callback.</summary>
    private static ReceiptReport[]? Read(ReceiptRequest request)
    {
        if (ReceiptFields.Json(request, JsonValueKind.Object) is not { } json)
        {
            return null;
        }

        if (json.TryGetProperty("event", out var envelope))
        {
            if (envelope.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            if (!envelope.TryGetProperty("messageStatusUpdate", out var updates))
            {
                return []; // another kind of event (an inbound message, say): verified, nothing to apply
            }

            if (updates.ValueKind != JsonValueKind.Array)
            {
                return null;
            }

            var reports = new List<ReceiptReport>();
            foreach (var update in updates.EnumerateArray())
            {
                if (PresetJson.Scalar(update, "messageId") is not { Length: > 0 } id || PresetJson.Scalar(update, "status") is not { Length: > 0 } raw)
                {
                    return null;
                }

                var code = PresetJson.Scalar(update, "statusCode");
                var status = raw switch
                {
                    "DEVICE_ACK" or "READ" => ReceiptStatus.Delivered,
                    "EXPIRED" or "DELIVERY_FAILURE" => ReceiptStatus.Undelivered,
                    "STOPPED_BY_USER" or "STOPPED_BY_ADMIN" or "INSUFFICIENT_ACCOUNT_BALANCE" or "RECIPIENT_DOES_NOT_EXIST" or "ROUTING_ERROR" => ReceiptStatus.Failed,
                    _ when raw.StartsWith("VOLUME_LIMIT", StringComparison.Ordinal) => ReceiptStatus.Failed,
                    _ => ReceiptStatus.Intermediate,
                };
                reports.Add(ReceiptReport.Of(PresetJson.Scalar(update, "clientMessageId"), id, status, status == ReceiptStatus.Delivered ? null : code, raw));
            }

            return [.. reports];
        }

        // Platform API: {"messageId", "clientMessageId", "status", "statusCode", …}; codes 004 received, 007/010 not delivered, 005/006/009/012/014 refused.
        if (PresetJson.Scalar(json, "messageId") is not { Length: > 0 } messageId || ReceiptFields.Integer(PresetJson.Scalar(json, "statusCode")) is not { } statusCode)
        {
            return null;
        }

        var platform = statusCode switch
        {
            4 => ReceiptStatus.Delivered,
            7 or 10 => ReceiptStatus.Undelivered,
            5 or 6 or 9 or 12 or 14 => ReceiptStatus.Failed,
            _ => ReceiptStatus.Intermediate,
        };
        return [ReceiptReport.Of(PresetJson.Scalar(json, "clientMessageId"), messageId, platform, platform == ReceiptStatus.Delivered ? null : statusCode.ToString(System.Globalization.CultureInfo.InvariantCulture),
            PresetJson.Scalar(json, "status") ?? PresetJson.Scalar(json, "statusCode")!)];
    }
}
