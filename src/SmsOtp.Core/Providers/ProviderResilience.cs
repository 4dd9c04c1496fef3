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

/// <summary>
/// One send's state through the provider client's pipeline: which provider's retry and breaker instance it selects,
/// its attempt timeout, how its answers are classified, and the verdict on the latest attempt. It travels as a property
/// of the send's Polly <see cref="ResilienceContext"/>, the per-execution state Polly designs for this: the retry's and
/// the breaker's predicates read it from their arguments' context, and the innermost handler finds the same context on
/// the request (Microsoft.Extensions.Http.Resilience's <c>GetResilienceContext</c>), so nothing is tucked into the
/// request's own options and the caller reads the verdict from this object, not back from the response.
/// </summary>
internal sealed class ProviderAttempt(string pipelineKey, TimeSpan timeout, Func<HttpResponseMessage, string, ProviderResult> classify)
{
    private static readonly ResiliencePropertyKey<ProviderAttempt> Key = new("SmsOtp.ProviderAttempt");

    public string PipelineKey => pipelineKey;

    public TimeSpan Timeout => timeout;

    /// <summary>The verdict on the latest attempt's answer, set by the innermost handler; null before one was classified.</summary>
    public ProviderResult? Verdict { get; private set; }

    /// <summary>The attempt a pipeline's context carries, if any.</summary>
    public static ProviderAttempt? Of(ResilienceContext? context) =>
        context is not null && context.Properties.TryGetValue(Key, out var attempt) ? attempt : null;

    /// <summary>The attempt the request's resilience context carries, if any.</summary>
    public static ProviderAttempt? Of(HttpRequestMessage request) => Of(request.GetResilienceContext());

    /// <summary>Puts this send on a pooled context attached to <paramref name="request"/>; the caller returns the context to the pool.</summary>
    public ResilienceContext AttachTo(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(Key, this);
        request.SetResilienceContext(context);
        return context;
    }

    // A retry resends the same request: no verdict of an earlier attempt may stand for this one.
    internal void Start() => Verdict = null;

    internal void Classify(HttpResponseMessage response, string body) => Verdict = classify(response, body);
}

/// <summary>
/// The innermost handler of the provider client, inside each attempt's timeout: it reads the answer's body and
/// classifies it with the provider's own reader (through the send's <see cref="ProviderAttempt"/>), before the retry and
/// the circuit breaker look at the attempt. So a "retry later" in a 200 or a 400 body is retried and counted as a
/// failure exactly like a 503, and the body is read within the attempt's time budget.
/// </summary>
internal sealed class ProviderAnswerHandler : DelegatingHandler
{
    // Providers answer in a few hundred bytes; a body larger than this is not read (classified by its status alone).
    private const long MaxBody = 256 * 1024;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var attempt = ProviderAttempt.Of(request);
        attempt?.Start();
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (attempt is null)
        {
            return response;
        }

        attempt.Classify(response, await ReadBodyAsync(response, cancellationToken).ConfigureAwait(false));
        return response;
    }

    /// <summary>
    /// The body as text, in its declared charset (UTF-8 when none or unknown). A body that breaks off or is too large
    /// reads as empty and is replaced by an empty one: its status has arrived, and for a success status that is an
    /// acceptance (a failed read must not make a provider that took the SMS look transient and be called again).
    /// </summary>
    internal static async Task<string> ReadBodyAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        byte[] bytes;
        try
        {
            await response.Content.LoadIntoBufferAsync(MaxBody, cancellationToken).ConfigureAwait(false);
            bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            response.Content.Dispose();
            response.Content = new ByteArrayContent([]);
            return "";
        }

        return Decoding(response.Content.Headers.ContentType?.CharSet).GetString(bytes);
    }

    private static Encoding Decoding(string? charset)
    {
        try
        {
            return string.IsNullOrWhiteSpace(charset) ? Encoding.UTF8 : Encoding.GetEncoding(charset.Trim('"'));
        }
        catch (ArgumentException)
        {
            return Encoding.UTF8;
        }
    }
}
