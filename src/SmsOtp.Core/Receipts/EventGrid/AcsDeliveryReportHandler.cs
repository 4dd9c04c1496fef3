namespace SmsOtp.Core.Receipts.EventGrid;

/// <summary>
/// Applies one receipt-queue message of ACS delivery reports (spec §14) through the receipt path of §8: the <c>tag</c> is
/// the authenticated reference of a row and code version, so each report is one point read and, when it applies, one
/// conditional write (<see cref="ReceiptReroute.ApplyReceiptAsync"/>: monotonic; <c>Failed</c> → <c>undelivered</c> and the
/// reroute). A message that cannot be read, a report with a missing or forged tag, one for a superseded or final code: each
/// is counted (<c>smsotp.receipts</c>) and changes nothing. Never throws for what the message holds, so a malformed message
/// is consumed, not retried into the poison queue; a storage failure does throw (the queue retries it).
/// </summary>
public sealed partial class AcsDeliveryReportHandler(
    ProviderChain chain,
    IConfiguration configuration,
    ServiceKeys keys,
    ReceiptReroute reroute,
    IOptionsMonitor<DeliveryOptions> options,
    ILogger<AcsDeliveryReportHandler> logger)
{
    /// <summary>What <c>smsotp.receipts</c> is tagged with when a report names no ACS provider of this service.</summary>
    public const string UnknownProvider = "acs";

    public async Task HandleAsync(string? message, CancellationToken cancellationToken)
    {
        var reports = AcsDeliveryReportParser.Parse(message);
        if (reports is null)
        {
            LogMalformed(logger);
            SmsOtpTelemetry.RecordReceipt(UnknownProvider, "malformed");
            return;
        }

        IReadOnlyList<byte[]>? referenceKeys = null;
        foreach (var report in reports)
        {
            var provider = ProviderFor(report.Topic);
            var status = report.DeliveryStatus switch
            {
                { } s when s.Equals("Delivered", StringComparison.OrdinalIgnoreCase) => DeliveryStatuses.Delivered,
                { } s when s.Equals("Failed", StringComparison.OrdinalIgnoreCase) => DeliveryStatuses.Undelivered,
                _ => null,
            };
            SmsOtpTelemetry.RecordReceipt(provider ?? UnknownProvider, status ?? "intermediate");
            if (status is null || provider is null)
            {
                continue;
            }

            referenceKeys ??= (await keys.GetAsync(cancellationToken).ConfigureAwait(false)).DeriveAll(MessageReference.Purpose);
            if (!MessageReference.TryRead(report.Tag, referenceKeys, out var partitionKey, out var version))
            {
                LogUnknownReference(logger, provider);
                continue;
            }

            var errorCode = status == DeliveryStatuses.Delivered ? null : AcsAnswers.IsOptOut(report.Details) ? AcsAnswers.OptedOut : "Failed";
            await reroute.ApplyReceiptAsync(partitionKey, version, provider, report.MessageId, status, errorCode,
                tenant => options.CurrentValue.RerouteOnUndelivered && chain.HasOtherThan(tenant, provider), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The name of the ACS provider a report belongs to: the only one configured, or the one whose endpoint is the event's
    /// resource (<c>topic</c> ends in <c>/communicationServices/&lt;name&gt;</c>, the endpoint is <c>https://&lt;name&gt;.…</c>).
    /// </summary>
    private string? ProviderFor(string? topic)
    {
        var providers = Providers();
        if (providers.Count == 1)
        {
            return providers[0].Name;
        }

        var resource = topic?.TrimEnd('/').Split('/')[^1];
        return string.IsNullOrEmpty(resource)
            ? null
            : providers.FirstOrDefault(p => p.Host.StartsWith(resource + ".", StringComparison.OrdinalIgnoreCase)).Name;
    }

    /// <summary>Whether any ACS provider (global or a tenant's) has its delivery reports wired: else nobody reads the queue locally.</summary>
    public bool Expected => Providers().Count > 0;

    private List<(string Name, string Host)> Providers() =>
        new string?[] { null }
            .Concat(configuration.GetSection(Tenants.SectionName).GetChildren().Select(t => t.Key))
            .SelectMany(chain.For)
            .Where(p => p.Template.Preset == AcsPreset.Name && p.Template.ReceiptScheme == ReceiptScheme.EventGrid)
            .Select(p => (p.Name, Host: Uri.TryCreate(p.Template.Url, UriKind.Absolute, out var uri) ? uri.Host : ""))
            .DistinctBy(p => p.Name, StringComparer.Ordinal)
            .ToList();

    [LoggerMessage(EventId = 4510, Level = LogLevel.Warning, Message = "A receipt-queue message is not an Event Grid event or array of events; consumed and counted")]
    private static partial void LogMalformed(ILogger logger);

    [LoggerMessage(EventId = 4511, Level = LogLevel.Warning, Message = "An ACS delivery report for provider {Provider} carries no reference this service made; counted, nothing changed")]
    private static partial void LogUnknownReference(ILogger logger, string provider);
}
