using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace SmsOtp.Client.Internal;

/// <summary>Turns the service's answers into results or the client's exceptions.</summary>
internal static class ResponseReader
{
    private const string ProblemMediaType = "application/problem+json";

    /// <summary>The wait a 429/503 asks for (<c>Retry-After</c> as seconds or a date), if any.</summary>
    public static TimeSpan? RetryAfter(HttpResponseMessage response, TimeProvider time)
    {
        if (response.Headers.RetryAfter is not { } header)
        {
            return null;
        }

        if (header.Delta is { } delta)
        {
            return delta;
        }

        if (header.Date is { } date)
        {
            var wait = date - time.GetUtcNow();
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }

        return null;
    }

    public static async Task<T> ReadAsync<T>(HttpResponseMessage response, JsonTypeInfo<T> typeInfo, string? idempotencyKey, CancellationToken cancellationToken)
    {
        try
        {
            var value = await JsonSerializer.DeserializeAsync(
                await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false), typeInfo, cancellationToken).ConfigureAwait(false);
            return value ?? throw new JsonException("The body is null.");
        }
        catch (JsonException e)
        {
            throw new SmsOtpTransportException(
                $"The SMS OTP service answered {(int)response.StatusCode} with a body the client cannot read as {typeof(T).Name}.",
                (int)response.StatusCode, idempotencyKey: idempotencyKey, innerException: e);
        }
    }

    /// <summary>The exception for a non-success answer: the problem when it is one, else a transport failure.</summary>
    public static async Task<SmsOtpException> FailureAsync(HttpResponseMessage response, TimeProvider time, string? idempotencyKey, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        if (string.Equals(response.Content.Headers.ContentType?.MediaType, ProblemMediaType, StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                var problem = await JsonSerializer.DeserializeAsync(
                    await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false),
                    SmsOtpJsonContext.Default.ProblemBody, cancellationToken).ConfigureAwait(false);
                if (problem is { Code: { Length: > 0 } code })
                {
                    return new SmsOtpProblemException(code, problem.Status ?? status, problem.Title, problem.Detail, problem.Type,
                        RetryAfter(response, time), problem.LockedUntil, idempotencyKey);
                }
            }
            catch (JsonException)
            {
                // Not a readable problem: reported below as a failure without one.
            }
        }

        var reason = response.StatusCode switch
        {
            HttpStatusCode.Unauthorized => " (the function key was refused: check SmsOtpClientOptions.FunctionKey)",
            HttpStatusCode.NotFound => " (check SmsOtpClientOptions.BaseAddress)",
            _ when status >= 500 => " (the service or a gateway in front of it failed)",
            _ => "",
        };
        return new SmsOtpTransportException(
            $"The SMS OTP service answered {status} {response.ReasonPhrase} without a problem body{reason}.",
            status, idempotencyKey: idempotencyKey);
    }
}
