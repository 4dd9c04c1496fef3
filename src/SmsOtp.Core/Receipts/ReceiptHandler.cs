namespace SmsOtp.Core.Receipts;

/// <summary>
/// <c>POST /api/delivery/receipts/{provider}</c> (spec §8). A receipt first proves itself by its provider's scheme
/// (<see cref="PresetReceipts.Verify"/>), checked without touching storage, so a forged stream costs only the check; it then
/// names its row and code version by the authenticated reference the service gave the message, so each report is one
/// point read and, when it applies, one conditional write (<see cref="ReceiptReroute.ApplyReceiptAsync"/>). Every report
/// is counted (<c>smsotp.receipts</c>), applied or not.
/// </summary>
public sealed partial class ReceiptHandler(
    ProviderChain chain,
    ISecretSource secrets,
    ServiceKeys keys,
    ReceiptReroute otp,
    IUserStore store,
    IOptionsMonitor<DeliveryOptions> options,
    TimeProvider time,
    ILogger<ReceiptHandler> logger)
{
    /// <summary>The largest receipt read (providers' receipts are well under 4 KiB; BulkSMS may batch a few).</summary>
    public const int MaxBodyBytes = 64 * 1024;

    /// <summary>The receipt's URL as the provider called it: this service's public address, the path and the raw query.</summary>
    public Uri PublicUrl(string scheme, string host, string pathAndQuery) =>
        new((options.CurrentValue.PublicBaseUrl is { Length: > 0 } publicBase ? new Uri(publicBase.Trim()).GetLeftPart(UriPartial.Authority) : scheme + "://" + host)
            + pathAndQuery);

    /// <summary>Null when the receipt was taken (applied or not); else the problem to answer.</summary>
    public async Task<ApiProblem?> HandleAsync(string providerName, ReceiptRequest request, CancellationToken cancellationToken)
    {
        var candidates = chain.FindAll(providerName);
        if (candidates.Count == 0)
        {
            return Problem.UnknownProvider();
        }

        var template = candidates[0].Template;
        var receipts = ProviderPresets.ReceiptsOf(template.Preset);
        var reports = receipts?.Parse(request);
        if (receipts is null || reports is null)
        {
            return Problem.Validation("The receipt could not be read as this provider's.");
        }

        var referenceKeys = (await keys.GetAsync(cancellationToken).ConfigureAwait(false)).DeriveAll(MessageReference.Purpose);
        var secrets = await SecretsAsync(candidates, cancellationToken).ConfigureAwait(false);
        if (!receipts.Verify(new ReceiptProof(request, secrets, reports, referenceKeys, template.SignatureMethod ?? "md5hash", time.GetUtcNow())))
        {
            LogRefused(logger, providerName);
            return Problem.InvalidSignature();
        }

        foreach (var report in reports)
        {
            var status = report.Status switch
            {
                ReceiptStatus.Delivered => DeliveryStatuses.Delivered,
                ReceiptStatus.Undelivered => DeliveryStatuses.Undelivered,
                ReceiptStatus.Failed => DeliveryStatuses.Failed,
                _ => null,
            };
            SmsOtpTelemetry.RecordReceipt(providerName, status ?? "intermediate");
            var located = status is null ? null : await LocateAsync(receipts, report, referenceKeys, cancellationToken).ConfigureAwait(false);
            if (located is not { } row)
            {
                continue;
            }

            await otp.ApplyReceiptAsync(row.PartitionKey, row.Version, providerName, report.MessageId, status!, report.ErrorCode,
                tenant => options.CurrentValue.RerouteOnUndelivered && chain.HasOtherThan(tenant, providerName), cancellationToken).ConfigureAwait(false);
        }

        return null;
    }

    /// <summary>The receipt secret of each provider of that name (and its <c>-previous</c>, during a rotation).</summary>
    private async Task<IReadOnlyList<string>> SecretsAsync(IReadOnlyList<HttpSmsProvider> candidates, CancellationToken cancellationToken)
    {
        var result = new List<string>();
        foreach (var name in candidates.SelectMany(c => TemplateRenderer.SecretNames(c.Template.ReceiptSecret)).Distinct(StringComparer.Ordinal))
        {
            foreach (var candidate in new[] { name, name + "-previous" })
            {
                if (await secrets.GetAsync(candidate, cancellationToken).ConfigureAwait(false) is { Length: > 0 } value)
                {
                    result.Add(value);
                }
            }
        }

        return result;
    }

    /// <summary>The row and code version a report names, or null when it names none this service made.</summary>
    private async Task<(string PartitionKey, int Version)?> LocateAsync(PresetReceipts receipts, ReceiptReport report, IReadOnlyList<byte[]> referenceKeys,
        CancellationToken cancellationToken)
    {
        if (MessageReference.TryRead(report.Reference, referenceKeys, out var partitionKey, out var version))
        {
            return (partitionKey, version);
        }

        // BulkSMS: the 20-character userSuppliedId (its webhook token authenticated the receipt; the message id must still match).
        if (receipts.LocatesByShortReference && MessageReference.TryReadShort(report.Reference, out var prefix, out var low)
            && await store.FindByKeyPrefixAsync(prefix, cancellationToken).ConfigureAwait(false) is { } record
            && (record.CodeVersion & 0xFFFFFF) == low)
        {
            return (record.PartitionKey, record.CodeVersion);
        }

        return null;
    }

    [LoggerMessage(EventId = 4500, Level = LogLevel.Warning, Message = "Receipt for provider {Provider} refused: its signature, token or reference does not prove it")]
    private static partial void LogRefused(ILogger logger, string provider);
}
