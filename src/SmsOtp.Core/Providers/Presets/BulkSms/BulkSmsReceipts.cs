namespace SmsOtp.Core.Providers.Presets.BulkSms;

/// <summary>BulkSMS's status webhooks to the URL set in its console, proved by the URL's token; a report names its code by the short <c>userSuppliedId</c>.</summary>
public static class BulkSmsReceipts
{
    public static PresetReceipts Receipts { get; } = PresetReceipts.FromConsole(Read) with { LocatesByShortReference = true };

    /// <summary>BulkSMS posts an array of message objects (an empty one when the webhook is registered).</summary>
    private static ReceiptReport[]? Read(ReceiptRequest request)
    {
        if (ReceiptFields.Json(request, JsonValueKind.Array) is not { } json)
        {
            return null;
        }

        var reports = new List<ReceiptReport>();
        foreach (var message in json.EnumerateArray())
        {
            if (PresetJson.Scalar(message, "id") is not { Length: > 0 } id
                || !message.TryGetProperty("status", out var state) || PresetJson.Scalar(state, "type") is not { Length: > 0 } type)
            {
                return null;
            }

            var subtype = PresetJson.Scalar(state, "subtype");
            var status = (type, subtype) switch
            {
                ("DELIVERED", _) => ReceiptStatus.Delivered,
                ("FAILED", "EXPIRED" or "HANDSET_ERROR") => ReceiptStatus.Undelivered,
                ("FAILED", _) => ReceiptStatus.Failed,
                _ => ReceiptStatus.Intermediate,
            };
            reports.Add(ReceiptReport.Of(PresetJson.Scalar(message, "userSuppliedId"), id, status, status == ReceiptStatus.Delivered ? null : subtype, type));
        }

        return [.. reports];
    }
}
