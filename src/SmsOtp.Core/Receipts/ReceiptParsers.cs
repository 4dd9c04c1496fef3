namespace SmsOtp.Core.Receipts;

public static class ReceiptParsers
{
    public static IReadOnlyList<ReceiptReport>? Parse(string? preset, ReceiptRequest request) => throw new NotImplementedException();
}
