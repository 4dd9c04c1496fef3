using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SmsOtp.Core.Secrets;

namespace SmsOtp.Core.Providers;

/// <summary>
/// The configured providers in order (<c>SmsOtp:Providers</c>): the first that accepts wins. Each provider's
/// client retries its own transient failures (<see cref="ProviderResilience"/>); what still fails, and any
/// definite refusal, moves on to the next provider at once.
/// </summary>
public sealed partial class ProviderChain : ISmsSender
{
    public const string HttpClientName = "sms-provider";

    private readonly IReadOnlyList<HttpSmsProvider> _providers;
    private readonly ILogger<ProviderChain> _logger;

    public ProviderChain(IOptions<ProviderListOptions> options, IHttpClientFactory httpClients, ISecretSource secrets, TimeProvider time, ILogger<ProviderChain> logger)
    {
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
        foreach (var provider in _providers)
        {
            var result = await provider.SendAsync(message, cancellationToken).ConfigureAwait(false);
            if (result.Outcome == ProviderOutcome.Accepted)
            {
                LogAccepted(_logger, provider.Name, Phone.MobileMask.Mask(message.To));
                return new DeliveryResult(true, provider.Name, failures);
            }

            LogProviderFailed(_logger, provider.Name, result.Outcome, result.ErrorCode);
            failures.Add($"{provider.Name}: {result.Outcome} {result.ErrorCode}");
        }

        return new DeliveryResult(false, null, failures);
    }

    [LoggerMessage(EventId = 4101, Level = LogLevel.Information, Message = "Provider {Provider} accepted the SMS to {MaskedMobile}")]
    private static partial void LogAccepted(ILogger logger, string provider, string maskedMobile);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Warning, Message = "Provider {Provider} failed: {Outcome} {ErrorCode}")]
    private static partial void LogProviderFailed(ILogger logger, string provider, ProviderOutcome outcome, string? errorCode);
}
