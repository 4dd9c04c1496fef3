namespace SmsOtp.Core.Providers.Presets;

/// <summary>
/// A preset's delivery receipts (spec §8): how one is read into reports (null: not this provider's, 400; empty: nothing
/// to apply) and how it proves itself. A preset without receipts has none of these.
/// </summary>
public sealed record PresetReceipts(Func<ReceiptRequest, IReadOnlyList<ReceiptReport>?> Parse, Func<ReceiptProof, bool> Verify)
{
    /// <summary>
    /// Receipts go to the webhook the operator set in the provider's console (not a per-message callback), accepted only
    /// with a <c>ReceiptToken</c>: they can come whenever one is set, even without a public address.
    /// </summary>
    public bool ConsoleWebhook { get; init; }

    /// <summary>A report may name its code by the short reference (BulkSMS's 20-character <c>userSuppliedId</c>), found by key prefix.</summary>
    public bool LocatesByShortReference { get; init; }

    /// <summary>One report per callback from flat fields (Twilio, Vonage, Plivo), our reference in the callback's URL.</summary>
    public static PresetReceipts Flat(Func<ReceiptRequest, SortedDictionary<string, string>?> fields, FlatReceiptFields names, Func<ReceiptProof, bool> verify) =>
        new(request => names.Read(fields(request), ReceiptFields.Reference(request)), verify);

    /// <summary>Posted to the webhook set in the provider's console and proved by the URL's token (Clickatell, BulkSMS).</summary>
    public static PresetReceipts FromConsole(Func<ReceiptRequest, IReadOnlyList<ReceiptReport>?> parse) =>
        new(parse, proof => proof.UrlToken()) { ConsoleWebhook = true };
}
