namespace SmsOtp.Core.Receipts;

public sealed record ReceiptReport(string? Reference, string? MessageId, ReceiptStatus Status, string? ErrorCode, string RawStatus);
