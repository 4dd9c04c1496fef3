namespace SmsOtp.Core.Providers.Receipts;

/// <summary>
/// A receipt of flat fields, one report per callback (Twilio, Vonage, Plivo): the provider's names for its message id
/// (or the id's older name), its status and its error code, and which of its statuses mean delivered, undelivered and
/// failed (case as sent; any other is intermediate). Our reference comes from the callback's URL.
/// </summary>
public sealed record FlatReceiptFields(string Id, string Status, string Error)
{
    public string? OldId { get; init; }

    public IReadOnlyList<string> Delivered { get; init; } = [];

    public IReadOnlyList<string> Undelivered { get; init; } = [];

    public IReadOnlyList<string> Failed { get; init; } = [];

    /// <summary>The one report; null when the fields are missing (not this provider's receipt).</summary>
    public ReceiptReport[]? Read(SortedDictionary<string, string>? fields, string? reference)
    {
        if (fields is null
            || (fields.GetValueOrDefault(Id) ?? (OldId is null ? null : fields.GetValueOrDefault(OldId))) is not { Length: > 0 } id
            || fields.GetValueOrDefault(Status) is not { Length: > 0 } raw)
        {
            return null;
        }

        return [ReceiptReport.Of(reference, id, Map(raw), fields.GetValueOrDefault(Error), raw)];
    }

    private ReceiptStatus Map(string raw) =>
        Delivered.Contains(raw) ? ReceiptStatus.Delivered
        : Undelivered.Contains(raw) ? ReceiptStatus.Undelivered
        : Failed.Contains(raw) ? ReceiptStatus.Failed
        : ReceiptStatus.Intermediate;
}
