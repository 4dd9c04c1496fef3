using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Polly.Timeout;
using Polly;

namespace SmsOtp.Core.Providers;

/// <summary>
/// The provider HTTP client's resilience pipeline (Microsoft.Extensions.Http.Resilience / Polly), one
/// instance per provider (selected by the <see cref="ProviderAttempt"/> the send's resilience context carries), outermost first:
/// retry of transient failures (connect errors, and answers classified transient: 408, 429 honouring
/// <c>Retry-After</c>, 5xx, and a preset's documented "retry later" in the body) with capped exponential backoff
/// and jitter; a circuit breaker counting the same failures (and timeouts), so a dead provider is skipped at once
/// while open; the provider's per-attempt timeout; and, innermost, <see cref="ProviderAnswerHandler"/>, which reads
/// and classifies each attempt's answer with the provider's reader. A definite answer is never retried.
/// </summary>
public static partial class ProviderResilience
{
    /// <summary>The status rule for an answer no reader classified: 408 (nothing was received), 429 and 5xx are transient.</summary>
    public static bool IsTransientStatus(int status) => status is 408 or 429 or >= 500;

    /// <summary>Whether an attempt's answer is a transient failure: the verdict on it, else its status.</summary>
    private static bool IsTransient(HttpResponseMessage response, ProviderResult? verdict) =>
        verdict is not null ? verdict.Outcome == ProviderOutcome.Transient : IsTransientStatus((int)response.StatusCode);

    public static IHttpClientBuilder AddSmsProviderResilience(this IHttpClientBuilder builder)
    {
        builder.ConfigureHttpClient(client => client.Timeout = Timeout.InfiniteTimeSpan);

        // The factory's default logging writes request URLs, and a provider URL may hold the number or a
        // secret ($ctx.num, {secret:...}): this client logs only through ProviderChain, masked.
        builder.RemoveAllLoggers();
        builder.AddResilienceHandler("sms-provider", (pipeline, context) =>
        {
            var options = context.ServiceProvider.GetRequiredService<IOptions<ProviderResilienceOptions>>().Value;
            var logger = context.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ProviderResilience).FullName!);
            var time = context.ServiceProvider.GetService<TimeProvider>() ?? TimeProvider.System;
            var breakers = context.ServiceProvider.GetRequiredService<ProviderBreakers>();
            var provider = context.InstanceName;
            var maxRetryAfter = TimeSpan.FromSeconds(options.MaxRetryAfterSeconds);

            if (options.RetryCount > 0)
            {
                pipeline.AddRetry(new HttpRetryStrategyOptions
                {
                    MaxRetryAttempts = options.RetryCount,
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                    Delay = TimeSpan.FromMilliseconds(options.RetryBaseDelayMilliseconds),
                    MaxDelay = TimeSpan.FromMilliseconds(options.RetryMaxDelayMilliseconds),
                    ShouldRetryAfterHeader = true,
                    // A provider that asks to wait longer than we will is failed over instead. A timeout is not
                    // retried here: the provider may have sent the SMS, so a code gets one more try at it, later,
                    // and never a third (ProviderChain's rule), rather than three at once.
                    ShouldHandle = args => ValueTask.FromResult(args.Outcome.Result is { } r
                        ? IsTransient(r, VerdictOf(args.Context)) && !(RetryAfter(r, time) > maxRetryAfter)
                        : HttpClientResiliencePredicates.IsTransient(args.Outcome) && args.Outcome.Exception is not TimeoutRejectedException),
                    OnRetry = args =>
                    {
                        // AttemptNumber counts retries from 0: the attempt about to run is that plus 2. Only codes are
                        // logged, never a body.
                        LogRetry(logger, provider, args.AttemptNumber + 2, args.RetryDelay,
                            args.Outcome.Result is { } r
                                ? VerdictOf(args.Context)?.ErrorCode ?? ((int)r.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture)
                                : args.Outcome.Exception?.GetType().Name ?? "?");
                        return default;
                    },
                });
            }

            pipeline.AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
            {
                FailureRatio = options.BreakerFailureRatio,
                MinimumThroughput = options.BreakerMinimumThroughput,
                SamplingDuration = TimeSpan.FromSeconds(options.BreakerSamplingSeconds),
                BreakDuration = TimeSpan.FromSeconds(options.BreakerDurationSeconds),

                // The same verdict as the retry's, so a provider that keeps answering "throttled" in a 200 opens its
                // breaker like one answering 503; a timeout counts too (the provider is not answering).
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Result is { } r
                    ? IsTransient(r, VerdictOf(args.Context)) || VerdictOf(args.Context)?.ConfigurationFault == true
                    : HttpClientResiliencePredicates.IsTransient(args.Outcome)),
                OnOpened = args =>
                {
                    breakers.Opened(provider, args.BreakDuration);
                    LogBreakerOpened(logger, provider, args.BreakDuration);
                    return default;
                },
                OnHalfOpened = _ =>
                {
                    breakers.Closed(provider);
                    return default;
                },
                OnClosed = _ =>
                {
                    breakers.Closed(provider);
                    return default;
                },
            });

            pipeline.AddTimeout(new HttpTimeoutStrategyOptions
            {
                TimeoutGenerator = args => ValueTask.FromResult(ProviderAttempt.Of(args.Context)?.Timeout ?? TimeSpan.FromSeconds(10)),
            });
        }).SelectPipelineBy(_ => request => ProviderAttempt.Of(request)?.PipelineKey ?? "");

        // Added after the resilience handler, so inside it: it runs once per attempt, under the attempt's timeout.
        builder.AddHttpMessageHandler(() => new ProviderAnswerHandler());
        return builder;
    }

    /// <summary>The delay a 429/503 asks for (<c>Retry-After</c> as seconds or a date), if any.</summary>
    public static TimeSpan? RetryAfter(HttpResponseMessage response, TimeProvider time) =>
        response.Headers.RetryAfter is { } ra
            ? ra.Delta ?? (ra.Date is { } date ? date - time.GetUtcNow() : null)
            : null;

    private static ProviderResult? VerdictOf(ResilienceContext context) => ProviderAttempt.Of(context)?.Verdict;

    [LoggerMessage(EventId = 4201, Level = LogLevel.Warning,
        Message = "Provider {Provider} failed transiently ({Outcome}); attempt {Attempt} in {RetryDelay}")]
    private static partial void LogRetry(ILogger logger, string provider, int attempt, TimeSpan retryDelay, string outcome);

    [LoggerMessage(EventId = 4202, Level = LogLevel.Error, Message = "Provider {Provider} circuit opened for {BreakDuration}")]
    private static partial void LogBreakerOpened(ILogger logger, string provider, TimeSpan breakDuration);
}
