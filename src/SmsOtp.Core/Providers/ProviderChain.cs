using System.Collections.Concurrent;

namespace SmsOtp.Core.Providers;

/// <summary>
/// The configured providers in order (<c>SmsOtp:Providers</c>): the first that accepts wins. Each provider's
/// client retries its own transient failures (<see cref="ProviderResilience"/>); what still fails, and any
/// definite refusal, moves on to the next provider at once. A provider whose breaker is open is skipped
/// without a call. The chain alone owns the rules of a code's history: a reroute starts after the provider that
/// reported it undelivered, and a provider that timed out twice for the code is skipped (its timeouts are never
/// retried at once by its client: it may have sent the SMS). The result says whether trying again later can help,
/// and when, and carries the code's timeouts so far for the next attempt. Each tenant with its own <c>Providers</c> (spec §10.1)
/// has its own list (and breakers); the others share the global one. With no provider at all (Development
/// only: the Functions app refuses to start so elsewhere) the SMS goes to the development outbox.
/// </summary>
public sealed partial class ProviderChain(TenantOptions<ProviderListOptions> options, IConfiguration configuration, IHttpClientFactory httpClients,
    ISecretSource secrets, ProviderBreakers breakers, DevOutbox outbox, TimeProvider time, ILogger<ProviderChain> logger, IServiceProvider? services = null)
    : ISmsSender
{
    public const string HttpClientName = "sms-provider";

    private readonly ConcurrentDictionary<string, (ProviderListOptions Options, IReadOnlyList<HttpSmsProvider> Providers)> _chains = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The tenant's providers in order, built once per configuration (a reload builds them again).</summary>
    internal IReadOnlyList<HttpSmsProvider> For(string? tenant)
    {
        var own = tenant is { Length: > 0 } && configuration.GetSection(Tenants.KeyFor(tenant, ProviderListOptions.SectionName)).GetSection("Providers").Exists();
        var key = own ? tenant! : "";
        var list = own ? options.For(tenant) : options.Global;
        if (_chains.TryGetValue(key, out var cached) && ReferenceEquals(cached.Options, list))
        {
            return cached.Providers;
        }

        var templates = list.Providers.Select(ProviderPresets.Build).ToList();
        IReadOnlyList<HttpSmsProvider> providers = [.. templates.Select((t, i) =>
        {
            // The name selects the provider's retry and circuit-breaker instance: two entries must not share one.
            var unique = templates.Take(i).Any(o => o.Name == t.Name) ? t with { Name = $"{t.Name}-{i}" } : t;
            return new HttpSmsProvider(unique, httpClients, secrets, time, own ? $"{tenant}/{unique.Name}" : null, services);
        })];
        _chains[key] = (list, providers);
        return providers;
    }

    /// <summary>Every provider of this name, globally and in each tenant's own list: a URL-token receipt names no tenant.</summary>
    internal IReadOnlyList<HttpSmsProvider> FindAll(string name) =>
        [.. new string?[] { null }
            .Concat(configuration.GetSection(Tenants.SectionName).GetChildren().Select(t => t.Key))
            .SelectMany(t => For(t))
            .Where(p => string.Equals(p.Name, name, StringComparison.Ordinal))
            .Distinct()];

    /// <summary>Whether the tenant has another provider than <paramref name="name"/> to reroute to.</summary>
    public bool HasOtherThan(string? tenant, string name) => For(tenant).Any(p => !string.Equals(p.Name, name, StringComparison.Ordinal));

    /// <summary>The chain in order; for a reroute, from the provider after <paramref name="startAfter"/> round to the one before it.</summary>
    private static IEnumerable<HttpSmsProvider> Order(IReadOnlyList<HttpSmsProvider> chain, string? startAfter)
    {
        var index = startAfter is null ? -1 : chain.ToList().FindIndex(p => string.Equals(p.Name, startAfter, StringComparison.Ordinal));
        return index < 0 ? chain : chain.Skip(index + 1).Concat(chain.Take(index));
    }

    public async Task<DeliveryResult> SendAsync(SmsMessage message, CancellationToken cancellationToken)
    {
        var chain = For(message.Content.Tenant);
        if (chain.Count == 0)
        {
            return await outbox.SendAsync(message, cancellationToken).ConfigureAwait(false);
        }

        var failures = new List<string>();
        var timedOut = message.TimedOutBefore.ToList(); // the code's history: earlier attempts', then this one's
        var transient = false;
        var later = new List<TimeSpan?>();
        var skip = TimedOutTwice(message.TimedOutBefore);
        foreach (var provider in Order(chain, message.Content.StartAfter))
        {
            if (skip.Contains(provider.Name))
            {
                failures.Add($"{provider.Name}: skipped (timed out twice for this code)");
                continue;
            }

            if (breakers.OpenFor(provider.PipelineKey) is { } open)
            {
                transient = true;
                later.Add(open);
                failures.Add($"{provider.Name}: {ProviderOutcome.Transient} circuit-open");
                SmsOtpTelemetry.RecordProviderSkipped(provider.Name, "circuit-open");
                continue;
            }

            using var call = SmsOtpTelemetry.StartProviderCall(provider.Name);
            var result = await provider.SendAsync(message, cancellationToken).ConfigureAwait(false);
            call.End(result.Outcome.ToString(), result.ErrorCode);
            if (result.Outcome == ProviderOutcome.Accepted)
            {
                LogAccepted(logger, provider.Name, Phone.MobileMask.Mask(message.To));
                if (result.ErrorCode is { } note)
                {
                    // Accepted with a remark, e.g. Vonage's part one on its way and a later part refused (partial:1).
                    LogAcceptedWithNote(logger, provider.Name, note);
                }

                return new DeliveryResult(true, provider.Name, failures)
                {
                    TimedOut = timedOut,
                    MessageId = result.MessageId,
                    ReceiptsExpected = result.MessageId is not null && provider.ExpectsReceipts(message),
                };
            }

            LogProviderFailed(logger, provider.Name, result.Outcome, result.ErrorCode);
            failures.Add($"{provider.Name}: {result.Outcome} {result.ErrorCode}");
            if (result.Outcome == ProviderOutcome.Transient)
            {
                transient = true;
                later.Add(result.RetryAfter);
                if (result.TimedOut)
                {
                    timedOut.Add(provider.Name);
                }
            }
        }

        // When every provider that may work later named its time, the soonest of them; else the caller's backoff decides.
        var retryAfter = later.Count > 0 && later.All(t => t is not null) ? later.Min() : null;
        return new DeliveryResult(false, null, failures) { Transient = transient, RetryAfter = retryAfter, TimedOut = timedOut };
    }

    [LoggerMessage(EventId = 4101, Level = LogLevel.Information, Message = "Provider {Provider} accepted the SMS to {MaskedMobile}")]
    private static partial void LogAccepted(ILogger logger, string provider, string maskedMobile);

    [LoggerMessage(EventId = 4103, Level = LogLevel.Warning, Message = "Provider {Provider} accepted the SMS with a remark: {ErrorCode}")]
    private static partial void LogAcceptedWithNote(ILogger logger, string provider, string errorCode);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Warning, Message = "Provider {Provider} failed: {Outcome} {ErrorCode}")]
    private static partial void LogProviderFailed(ILogger logger, string provider, ProviderOutcome outcome, string? errorCode);

    /// <summary>A provider gets one more try after a timeout for a code, never a third: it may be sending them all.</summary>
    private static HashSet<string> TimedOutTwice(IReadOnlyList<string> timedOut) =>
        [.. timedOut.GroupBy(p => p, StringComparer.Ordinal).Where(g => g.Count() >= 2).Select(g => g.Key)];
}

/// <summary>
/// One provider's answer. <see cref="ErrorCode"/> is the provider's own error code or the HTTP status,
/// never the provider's message text (which may contain the number). An accepted answer may carry a code
/// too: a note for metrics, such as Vonage's <c>partial:1</c> (part one accepted, a later part not).
/// </summary>
internal sealed record ProviderResult(ProviderOutcome Outcome, string? ErrorCode = null, TimeSpan? RetryAfter = null)
{
    /// <summary>The request went out and no answer came in time: the provider may have sent the SMS.</summary>
    public bool TimedOut { get; init; }

    /// <summary>
    /// The provider's id for the accepted message, as its answer names it (Twilio <c>sid</c>, Vonage
    /// <c>message-id</c> of part one, Clickatell <c>apiMessageId</c>, Plivo <c>message_uuid[0]</c>, BulkSMS
    /// <c>[0].id</c>, EAPI batch id): what its delivery receipts name later. Null when the answer names none.
    /// </summary>
    public string? MessageId { get; init; }

    /// <summary>
    /// The provider refused this service's credentials (acs: 401/403): a refusal, so the next provider may send, that the
    /// breaker also counts (a misconfigured provider is then skipped without a call) and that is logged as an error.
    /// </summary>
    public bool ConfigurationFault { get; init; }

    public static ProviderResult Accepted { get; } = new(ProviderOutcome.Accepted);

    public static ProviderResult Transient(string code) => new(ProviderOutcome.Transient, code);

    public static ProviderResult Rejected(string code) => new(ProviderOutcome.Rejected, code);

    public static ProviderResult AcceptedAs(string? messageId, string? note = null) => new(ProviderOutcome.Accepted, note) { MessageId = messageId };
}
