namespace SmsOtp.Core.Receipts;

public static class ReceiptSignatures
{
    public static bool Twilio(ReceiptRequest request, IReadOnlyList<string> authTokens) => throw new NotImplementedException();
    public static bool Vonage(ReceiptRequest request, IReadOnlyList<string> secrets, string method, DateTimeOffset now) => throw new NotImplementedException();
    public static bool PlivoV3(ReceiptRequest request, IReadOnlyList<string> authTokens) => throw new NotImplementedException();
    public static bool Token(string? presented, IReadOnlyList<string> tokens) => throw new NotImplementedException();
}
