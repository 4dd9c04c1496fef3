using System.Collections.Concurrent;
using Azure.Core.Pipeline;
using Azure.Core;

namespace SmsOtp.Benchmarks;

/// <summary>
/// An Azure SDK pipeline policy (added at <see cref="HttpPipelinePosition.PerRetry"/>, so every attempt
/// the SDK puts on the wire is one billed storage transaction) that counts requests by service,
/// operation and status class. Queue receives that came back empty are counted apart: they are the
/// listener's idle polling, a cost of time rather than of logins.
/// </summary>
public sealed class StorageTransactionCounter : HttpPipelinePolicy
{
    private readonly ConcurrentDictionary<string, long> _counts = new(StringComparer.Ordinal);

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        try
        {
            ProcessNext(message, pipeline);
        }
        finally
        {
            Count(message);
        }
    }

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        try
        {
            await ProcessNextAsync(message, pipeline).ConfigureAwait(false);
        }
        finally
        {
            Count(message);
        }
    }

    public TransactionCounts Snapshot() => new(new Dictionary<string, long>(_counts, StringComparer.Ordinal));

    private void Count(HttpMessage message) =>
        _counts.AddOrUpdate(Classify(message), 1, (_, n) => n + 1);

    /// <summary>"service|operation|status", e.g. "table|read entity|200" or "queue|get messages (empty)|200".</summary>
    internal static string Classify(HttpMessage message)
    {
        var request = message.Request;
        var method = request.Method.Method.ToUpperInvariant();
        var uri = request.Uri.ToUri();
        var segments = uri.AbsolutePath.Trim('/').Split('/');
        var query = uri.Query;
        var status = message.HasResponse ? message.Response.Status.ToString(System.Globalization.CultureInfo.InvariantCulture) : "no response";
        var conditional = request.Headers.TryGetValue("If-Match", out var ifMatch) && ifMatch != "*" ? " if-match" : "";

        // Table requests carry the OData version header; queue requests never do.
        if (request.Headers.TryGetValue("DataServiceVersion", out _) || uri.Host.Contains(".table.", StringComparison.OrdinalIgnoreCase))
        {
            var last = segments[^1];
            string op;
            if (last.Equals("Tables", StringComparison.Ordinal) || last.StartsWith("Tables(", StringComparison.Ordinal))
            {
                op = method == "POST" ? "create table" : method == "DELETE" ? "delete table" : "list tables";
            }
            else if (last == "$batch")
            {
                op = "entity group transaction";
            }
            else if (last.Contains("(PartitionKey=", StringComparison.Ordinal))
            {
                op = method switch
                {
                    "GET" => "read entity",
                    "PUT" => conditional.Length > 0 ? "replace entity" : "upsert entity (replace)",
                    "MERGE" or "PATCH" => conditional.Length > 0 ? "merge entity" : "upsert entity (merge)",
                    "DELETE" => "delete entity",
                    _ => method + " entity",
                };
                op += conditional;
            }
            else
            {
                op = method == "POST" ? "insert entity" : "query entities";
            }

            return $"table|{op}|{status}";
        }

        // Queue: /account/queue, /account/queue/messages, /account/queue/messages/{id}.
        string queueOp;
        var messages = Array.IndexOf(segments, "messages");
        if (messages >= 0 && messages == segments.Length - 1)
        {
            queueOp = method switch
            {
                "POST" => "put message",
                "DELETE" => "clear messages",
                _ when query.Contains("peekonly=true", StringComparison.OrdinalIgnoreCase) => "peek messages",
                _ => IsEmptyReceive(message) ? "get messages (empty)" : "get messages",
            };
        }
        else if (messages >= 0)
        {
            queueOp = method switch
            {
                "DELETE" => "delete message",
                "PUT" => "update message",
                _ => method + " message",
            };
        }
        else
        {
            queueOp = method switch
            {
                "PUT" when query.Contains("comp=metadata", StringComparison.OrdinalIgnoreCase) => "set metadata",
                "PUT" => "create queue",
                "DELETE" => "delete queue",
                "GET" when query.Contains("comp=list", StringComparison.OrdinalIgnoreCase) => "list queues",
                _ => "get queue properties",
            };
        }

        return $"queue|{queueOp}|{status}";
    }

    private static bool IsEmptyReceive(HttpMessage message)
    {
        if (!message.HasResponse || message.Response.Status != 200)
        {
            return false;
        }

        try
        {
            // Receive responses are buffered by the SDK, so reading the content here costs no I/O.
            return !message.Response.Content.ToString().Contains("<QueueMessage>", StringComparison.Ordinal);
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}
