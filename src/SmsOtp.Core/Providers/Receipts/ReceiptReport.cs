namespace SmsOtp.Core.Providers.Receipts;

/// <summary>One report a receipt holds: our reference, the provider's message id, the status mapped, the error code worth keeping.</summary>
public sealed record ReceiptReport(string? Reference, string? MessageId, ReceiptStatus Status, string? ErrorCode, string RawStatus)
{
    /// <summary>A report; the error code is kept only for a code that did not arrive (and only when worth keeping).</summary>
    public static ReceiptReport Of(string? reference, string? id, ReceiptStatus status, string? errorCode, string raw) =>
        new(reference, id, status, status is ReceiptStatus.Undelivered or ReceiptStatus.Failed ? ReceiptFields.ErrorCode(errorCode) : null, raw);

}
