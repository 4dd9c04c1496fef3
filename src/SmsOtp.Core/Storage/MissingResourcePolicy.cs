using Azure.Core.Pipeline;
using Azure.Core;

namespace SmsOtp.Core.Storage;

/// <summary>
/// In every storage client's pipeline, once per call: a 404 whose error code says the table or queue itself
/// is gone (<c>TableNotFound</c>, <c>QueueNotFound</c>) is an outage, not an empty answer. Without this,
/// <c>GetEntityIfExists</c> on a missing table reads as "no such user" and a send answers
/// <c>skipped/user_not_found</c>: the step would pass without a code. It throws
/// <see cref="StorageUnavailableException"/> and reports the loss so the tables and queues are re-created.
/// </summary>
public sealed class MissingResourcePolicy(StorageHealth health) : HttpPipelinePolicy
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
