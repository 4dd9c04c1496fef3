namespace SmsOtp.Core.Providers.Receipts;

/// <summary>A raw template's receipts: read as a form or flat JSON, proved by the URL's token (<c>ReceiptToken</c>).</summary>
public static class TemplateReceipts
{
    public static PresetReceipts Receipts { get; } = new(
        request => Read(request, ReceiptFields.Reference(request)),
        proof => proof.UrlToken());

    /// <summary>A raw template's receipts: <c>status</c>, optional <c>messageId</c> and <c>errorCode</c>, as a form or flat JSON.</summary>
    private static ReceiptReport[]? Read(ReceiptRequest request, string? reference)
    {
        if (ReceiptFields.Body(request) is not { } fields || fields.GetValueOrDefault("status") is not { Length: > 0 } raw)
        {
            return null;
        }

        var status = raw.ToLowerInvariant() switch
        {
            "delivered" => ReceiptStatus.Delivered,
            "undelivered" => ReceiptStatus.Undelivered,
            "failed" => ReceiptStatus.Failed,
            _ => ReceiptStatus.Intermediate,
        };
        return [ReceiptReport.Of(reference ?? fields.GetValueOrDefault("reference"), fields.GetValueOrDefault("messageId"), status, fields.GetValueOrDefault("errorCode"), raw)];
    }
}
