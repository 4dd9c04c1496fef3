namespace SmsOtp.Core.Providers.Receipts;

public sealed record ReceiptRequest(string Method, Uri Url, IReadOnlyDictionary<string, string> Headers, string? ContentType, string Body);
