using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly.Timeout;
using Polly;

namespace SmsOtp.Core.Providers;

/// <summary>
/// The provider HTTP client's resilience pipeline (Microsoft.Extensions.Http.Resilience / Polly), one
/// instance per provider (selected by the provider name the request carries), outermost first:
/// retry of transient failures (connect errors, and answers classified transient: 408, 429 honouring
/// <c>Retry-After</c>, 5xx, and a preset's documented "retry later" in the body) with capped exponential backoff
/// and jitter; a circuit breaker counting the same failures (and timeouts), so a dead provider is skipped at once
/// while open; the provider's per-attempt timeout; and, innermost, <see cref="ProviderAnswerHandler"/>, which reads
/// and classifies each attempt's answer with the provider's reader. A definite answer is never retried.
/// </summary>
public static partial class ProviderResilience
{
    private static readonly HttpRequestOptionsKey<string> ProviderKey = new("SmsOtp.Provider");
    private static readonly HttpRequestOptionsKey<TimeSpan> TimeoutKey = new("SmsOtp.ProviderTimeout");
    private static readonly HttpRequestOptionsKey<Func<HttpResponseMessage, string, ProviderResult>> ClassifierKey = new("SmsOtp.ProviderClassifier");
    private static readonly HttpRequestOptionsKey<ProviderResult?> VerdictKey = new("SmsOtp.ProviderVerdict");

    /// <summary>Marks a request with its provider (the pipeline instance) and that provider's attempt timeout.</summary>
    public static void Tag(HttpRequestMessage request, string provider, TimeSpan timeout)
    {
        request.Options.Set(ProviderKey, provider);
        request.Options.Set(TimeoutKey, timeout);
    }

    /// <summary>Marks a request with how its provider's answers are classified (status and body, read in the attempt).</summary>
    public static void Classify(HttpRequestMessage request, Func<HttpResponseMessage, string, ProviderResult> classify) =>
        request.Options.Set(ClassifierKey, classify);

    /// <summary>The verdict <see cref="ProviderAnswerHandler"/> gave this answer, if it classified it.</summary>
    public static ProviderResult? VerdictOf(HttpResponseMessage response) =>
        response.RequestMessage?.Options.TryGetValue(VerdictKey, out var verdict) == true ? verdict : null;

    internal static Func<HttpResponseMessage, string, ProviderResult>? ClassifierOf(HttpRequestMessage request) =>
        request.Options.TryGetValue(ClassifierKey, out var classify) ? classify : null;

    internal static void SetVerdict(HttpRequestMessage request, ProviderResult verdict) => request.Options.Set(VerdictKey, verdict);

    // A retry resends the same request message: no verdict of an earlier attempt may stand for this one.
    internal static void ClearVerdict(HttpRequestMessage request) => request.Options.Set(VerdictKey, null);

    /// <summary>The status rule for an answer no reader classified: 408 (nothing was received), 429 and 5xx are transient.</summary>
    public static bool IsTransientStatus(int status) => status is 408 or 429 or >= 500;

    /// <summary>Whether an attempt's answer is a transient failure: its verdict, else its status.</summary>
    private static bool IsTransient(HttpResponseMessage response) =>
        VerdictOf(response) is { } verdict ? verdict.Outcome == ProviderOutcome.Transient : IsTransientStatus((int)response.StatusCode);

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
                    // retried here: the provider may have sent the SMS, so delivery allows one more try per code,
                    // later (DeliveryHandler), rather than three at once.
                    ShouldHandle = args => ValueTask.FromResult(args.Outcome.Result is { } r
                        ? IsTransient(r) && !(RetryAfter(r, time) > maxRetryAfter)
                        : HttpClientResiliencePredicates.IsTransient(args.Outcome) && args.Outcome.Exception is not TimeoutRejectedException),
                    OnRetry = args =>
                    {
                        // AttemptNumber counts retries from 0: the attempt about to run is that plus 2. Only codes are
                        // logged, never a body.
                        LogRetry(logger, provider, args.AttemptNumber + 2, args.RetryDelay,
                            args.Outcome.Result is { } r
                                ? VerdictOf(r)?.ErrorCode ?? ((int)r.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture)
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
                    ? IsTransient(r) || VerdictOf(r)?.ConfigurationFault == true
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
                TimeoutGenerator = args => ValueTask.FromResult(
                    args.Context.GetRequestMessage()?.Options.TryGetValue(TimeoutKey, out var t) == true ? t : TimeSpan.FromSeconds(10)),
            });
        }).SelectPipelineBy(_ => request => request.Options.TryGetValue(ProviderKey, out var name) ? name : "");

        // Added after the resilience handler, so inside it: it runs once per attempt, under the attempt's timeout.
        builder.AddHttpMessageHandler(() => new ProviderAnswerHandler());
        return builder;
    }

    /// <summary>The delay a 429/503 asks for (<c>Retry-After</c> as seconds or a date), if any.</summary>
    public static TimeSpan? RetryAfter(HttpResponseMessage response, TimeProvider time) =>
        response.Headers.RetryAfter is { } ra
            ? ra.Delta ?? (ra.Date is { } date ? date - time.GetUtcNow() : null)
            : null;

    [LoggerMessage(EventId = 4201, Level = LogLevel.Warning,
        Message = "Provider {Provider} failed transiently ({Outcome}); attempt {Attempt} in {RetryDelay}")]
    private static partial void LogRetry(ILogger logger, string provider, int attempt, TimeSpan retryDelay, string outcome);

    [LoggerMessage(EventId = 4202, Level = LogLevel.Error, Message = "Provider {Provider} circuit opened for {BreakDuration}")]
    private static partial void LogBreakerOpened(ILogger logger, string provider, TimeSpan breakDuration);
}
