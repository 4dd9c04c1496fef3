using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SmsOtp.Core.Secrets;

namespace SmsOtp.Core.Providers;

/// <summary>
/// The configured providers in order (<c>SmsOtp:Providers</c>): the first that accepts wins. Each provider's
/// client retries its own transient failures (<see cref="ProviderResilience"/>); what still fails, and any
/// definite refusal, moves on to the next provider at once. A provider whose breaker is open is skipped
/// without a call, and so is one the message says to skip (it timed out twice for this code). The result
/// says whether trying again later can help, and when.
/// </summary>
public sealed partial class ProviderChain : ISmsSender
{
    public const string HttpClientName = "sms-provider";

    private readonly IReadOnlyList<HttpSmsProvider> _providers;
    private readonly ProviderBreakers _breakers;
    private readonly ILogger<ProviderChain> _logger;

    public ProviderChain(IOptions<ProviderListOptions> options, IHttpClientFactory httpClients, ISecretSource secrets, ProviderBreakers breakers,
        TimeProvider time, ILogger<ProviderChain> logger)
    {
        _breakers = breakers;
        _logger = logger;
        var templates = options.Value.Providers.Select(ProviderPresets.Build).ToList();
        _providers = [.. templates.Select((t, i) =>
        {
            // The name selects the provider's retry and circuit-breaker instance: two entries must not share one.
            var unique = templates.Take(i).Any(o => o.Name == t.Name) ? t with { Name = $"{t.Name}-{i}" } : t;
            return new HttpSmsProvider(unique, httpClients, secrets, time);
        })];
    }

    public async Task<DeliveryResult> SendAsync(SmsMessage message, CancellationToken cancellationToken)
    {
        var failures = new List<string>();
        var timedOut = new List<string>();
        var transient = false;
        var later = new List<TimeSpan?>();
        foreach (var provider in _providers)
        {
            if (message.SkipProviders.Contains(provider.Name))
            {
                failures.Add($"{provider.Name}: skipped (timed out twice for this code)");
                continue;
            }

            if (_breakers.OpenFor(provider.Name) is { } open)
            {
                transient = true;
                later.Add(open);
                failures.Add($"{provider.Name}: {ProviderOutcome.Transient} circuit-open");
                continue;
            }

            var result = await provider.SendAsync(message, cancellationToken).ConfigureAwait(false);
            if (result.Outcome == ProviderOutcome.Accepted)
            {
                LogAccepted(_logger, provider.Name, Phone.MobileMask.Mask(message.To));
                if (result.ErrorCode is { } note)
                {
                    // Accepted with a remark, e.g. Vonage's part one on its way and a later part refused (partial:1).
                    LogAcceptedWithNote(_logger, provider.Name, note);
                }

                return new DeliveryResult(true, provider.Name, failures) { TimedOut = timedOut, MessageId = result.MessageId };
            }

            LogProviderFailed(_logger, provider.Name, result.Outcome, result.ErrorCode);
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
}
