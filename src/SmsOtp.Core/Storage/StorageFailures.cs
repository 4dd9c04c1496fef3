using System.Net.Sockets;
using Azure.Core.Pipeline;
using Azure.Core;

namespace SmsOtp.Core.Storage;

/// <summary>
/// The one classifier of failures of storage and the network under it, however the SDK wraps them (an
/// <see cref="AggregateException"/> once its retries run out, a timeout's cancellation). <see cref="IsTransient"/>: a
/// failure that says nothing about whether a write was applied (its answer was lost) and that a retry may get past.
/// <see cref="IsFailure"/>: that, or any answer that is not the one expected (a refusal, a conflict): the dependency
/// failed, so the caller answers 503 or lets the host retry, never a 500.
/// </summary>
public static class StorageFailures
{
    // Ordered: an aggregate is as good as its worst inner exception.
    private enum Kind
    {
        None,
        Failed,
        Transient,
    }

    /// <summary>A random token a write carries, so that its caller recognises its own write on a re-read after a lost answer.</summary>
    public static string NewWriteToken() => Convert.ToHexString(RandomNumberGenerator.GetBytes(8));

    public static bool IsTransient(Exception exception) => Classify(exception, default, null) == Kind.Transient;

    /// <summary>Whether <paramref name="exception"/> means storage (or the network) did not answer as it should.</summary>
    /// <param name="requestAborted">The request's own token: a cancellation it caused is the client leaving, not an outage.</param>
    /// <param name="alsoFailed">Another dependency's definite failures the caller counts too (the secret source's).</param>
    public static bool IsFailure(Exception exception, CancellationToken requestAborted = default, Func<Exception, bool>? alsoFailed = null) =>
        Classify(exception, requestAborted, alsoFailed) != Kind.None;

    private static Kind Classify(Exception exception, CancellationToken requestAborted, Func<Exception, bool>? alsoFailed) => exception switch
    {
        AggregateException aggregate => aggregate.InnerExceptions.Count == 0
            ? Kind.None
            : aggregate.InnerExceptions.Min(inner => Classify(inner, requestAborted, alsoFailed)),
        OperationCanceledException when requestAborted.IsCancellationRequested => Kind.None,
        RequestFailedException failed => failed.Status is 0 or 408 or >= 500 ? Kind.Transient : Kind.Failed,
        StorageUnavailableException or HttpRequestException or TimeoutException or IOException or SocketException or TaskCanceledException => Kind.Transient,
        // A cancellation the caller did not cause (a timeout's), and a conflict that outlasted its retries: not transient
        // for a write's caller, but a failure of the dependency all the same.
        OperationCanceledException or ConcurrencyConflictException => Kind.Failed,
        _ when alsoFailed?.Invoke(exception) == true => Kind.Failed,
        _ => Kind.None,
    };
}

/// <summary>
/// In every storage client's pipeline, once per call: a 404 whose error code says the table or queue itself
/// is gone (<c>TableNotFound</c>, <c>QueueNotFound</c>) is an outage, not an empty answer. Without this,
/// <c>GetEntityIfExists</c> on a missing table reads as "no such user" and a send answers
/// <c>skipped/user_not_found</c>: the step would pass without a code. It throws
/// <see cref="StorageUnavailableException"/> and reports the loss so the tables and queues are re-created.
/// </summary>
internal sealed class MissingResourcePolicy(StorageHealth health) : HttpPipelinePolicy
{
    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        ProcessNext(message, pipeline);
        Check(message);
    }

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        await ProcessNextAsync(message, pipeline).ConfigureAwait(false);
        Check(message);
    }

    private void Check(HttpMessage message)
    {
        if (message.HasResponse && message.Response.Status == 404 && !DeletesTheResourceItself(message.Request)
            && message.Response.Headers.TryGetValue("x-ms-error-code", out var code)
            && code is "TableNotFound" or "QueueNotFound")
        {
            health.ReportMissing();
            throw new StorageUnavailableException(code == "TableNotFound" ? "the table is missing" : "the queue is missing");
        }
    }

    /// <summary>Deleting a table or queue that is not there is what the caller asked for (tests clean up so); an entity or message call is not.</summary>
    private static bool DeletesTheResourceItself(Request request)
    {
        if (request.Method != RequestMethod.Delete)
        {
            return false;
        }

        var path = request.Uri.Path;
        return !path.Contains("(PartitionKey", StringComparison.Ordinal) && !path.Contains("/messages", StringComparison.Ordinal);
    }
}
