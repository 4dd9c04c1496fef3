namespace SmsOtp.Core.Providers.Receipts;

/// <summary>
/// What a receipt's check is given (docs/providers.md §10): the request as the provider made it, every receipt secret in
/// force (the current and, during a rotation, the previous), the reports read from it, the keys of our message references,
/// the entry's signature method and the time. Every comparison is in constant time; a missing header, secret or field is false.
/// </summary>
public sealed record ReceiptProof(
    ReceiptRequest Request,
    IReadOnlyList<string> Secrets,
    IReadOnlyList<ReceiptReport> Reports,
    IReadOnlyList<byte[]> ReferenceKeys,
    string SignatureMethod,
    DateTimeOffset Now)
{
    /// <summary>The URL's <c>?token=</c> (Clickatell, BulkSMS, raw templates) is one of the secrets in force.</summary>
    public bool UrlToken() => Token(ReceiptFields.Query(Request.Url)?.GetValueOrDefault("token"), Secrets);

    /// <summary>A secret token equal to one of the tokens in force.</summary>
    public static bool Token(string? presented, IReadOnlyList<string> tokens) =>
        !string.IsNullOrEmpty(presented) && tokens.Any(token => token.Length > 0 && Equal(token, presented));

    /// <summary>Two texts compared in constant time.</summary>
    public static bool Equal(string expected, string presented) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(expected), Encoding.UTF8.GetBytes(presented));
}
