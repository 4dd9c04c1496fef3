using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;

namespace SmsOtp.Client.Internal;

/// <summary>
/// The client's resilience pipeline: a total timeout around retries around a per-attempt timeout. Only a request
/// marked retryable (<see cref="RetryableKey"/>) is ever retried, so a call is safe by default: a method must opt in,
/// and only idempotent ones do (GET, PUT, DELETE, and the POSTs that carry an Idempotency-Key).
/// </summary>
internal static class SmsOtpResilience
{
    public const string PipelineName = "smsotp";

    /// <summary>Set by <see cref="SmsOtpClient"/> on each request; absent means never retried.</summary>
    public static readonly HttpRequestOptionsKey<bool> RetryableKey = new("SmsOtp.Client.Retryable");

    public static void Configure(IHttpClientBuilder builder)
    {
        builder.AddResilienceHandler(PipelineName, (pipeline, context) =>
        {
            var options = context.ServiceProvider.GetRequiredService<IOptions<SmsOtpClientOptions>>().Value;
            var time = context.ServiceProvider.GetService<TimeProvider>() ?? TimeProvider.System;

            pipeline.AddTimeout(options.TotalTimeout);
            if (options.MaxRetryAttempts > 0)
            {
                pipeline.AddRetry(new HttpRetryStrategyOptions
                {
                    MaxRetryAttempts = options.MaxRetryAttempts,
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                    Delay = options.RetryDelay,
                    // A Retry-After (429, 503) is the delay, when ShouldRetry lets it through.
                    ShouldRetryAfterHeader = true,
                    ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args.Context, args.Outcome, options.MaxRetryAfter, time)),
                });
            }

            pipeline.AddTimeout(options.AttemptTimeout);
        });
    }

    /// <summary>
    /// Retried: a retryable request that failed transiently (a connection error, an attempt timeout, 408, 5xx),
    /// or was told to come back soon (429 or 503 with a <c>Retry-After</c> of at most <paramref name="maxRetryAfter"/>).
    /// Not retried: the caller's cancellation; a 429 without <c>Retry-After</c> (a limit, e.g. <c>resend_limit_reached</c>);
    /// any <c>Retry-After</c> longer than the app should wait inside one call (a resend cooldown, a rate limit).
    /// </summary>
    internal static bool ShouldRetry(ResilienceContext context, Outcome<HttpResponseMessage> outcome, TimeSpan maxRetryAfter, TimeProvider time)
    {
        var request = context.GetRequestMessage();
        if (request is null || !request.Options.TryGetValue(RetryableKey, out var retryable) || !retryable)
        {
            return false;
        }

        if (!HttpClientResiliencePredicates.IsTransient(outcome))
        {
            return false;
        }

        if (outcome.Result is not { } response)
        {
            return true; // HttpRequestException or an attempt's TimeoutRejectedException
        }

        var retryAfter = ResponseReader.RetryAfter(response, time);
        if (response.StatusCode == HttpStatusCode.TooManyRequests && retryAfter is null)
        {
            return false;
        }

        return retryAfter is null || retryAfter <= maxRetryAfter;
    }
}
