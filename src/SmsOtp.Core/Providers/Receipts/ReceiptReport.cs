namespace SmsOtp.Core.Providers.Receipts;

/// <summary>One report a receipt holds: our reference, the provider's message id, the status mapped, the error code worth keeping.</summary>
public sealed record ReceiptReport(string? Reference, string? MessageId, ReceiptStatus Status, string? ErrorCode, string RawStatus)
{
    /// <summary>A report; the error code is kept only for a code that did not arrive (and only when worth keeping).</summary>
    public static ReceiptReport Of(string? reference, string? id, ReceiptStatus status, string? errorCode, string raw) =>
        new(reference, id, status, status is ReceiptStatus.Undelivered or ReceiptStatus.Failed ? ReceiptFields.ErrorCode(errorCode) : null, raw);

    /// <summary>One report from flat fields (Twilio, Vonage, Plivo): the id (or its older name), the status mapped, the error code.</summary>
    public static ReceiptReport[]? FromFields(SortedDictionary<string, string>? fields, string? reference, string idField, string? oldIdField,
        string statusField, string errorField, Func<string, ReceiptStatus> map)
    {
        if (fields is null
            || (fields.GetValueOrDefault(idField) ?? (oldIdField is null ? null : fields.GetValueOrDefault(oldIdField))) is not { Length: > 0 } id
            || fields.GetValueOrDefault(statusField) is not { Length: > 0 } raw)
        {
            return null;
        }

        return [Of(reference, id, map(raw), fields.GetValueOrDefault(errorField), raw)];
    }
}
