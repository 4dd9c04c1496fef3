using System.Text.Json;

namespace SmsOtp.Core.Delivery;

/// <summary>
/// The queue trigger's settings from <c>host.json</c> (<c>extensions.queues</c>). The Functions host applies
/// them itself; the delivery handler needs <see cref="MaxDequeueCount"/> to know a last attempt, and the
/// local server's listener follows all of them, so both hosts behave alike.
/// </summary>
public sealed record QueueHostSettings(int MaxDequeueCount, TimeSpan VisibilityTimeout, TimeSpan MaxPollingInterval, int BatchSize)
{
    /// <summary>
    /// <c>newBatchThreshold</c>: the host fetches a new batch when fewer than this many messages are still in
    /// flight, so at most <see cref="BatchSize"/> + this run at once. The Functions default is half the batch.
    /// </summary>
    public int NewBatchThreshold { get; init; } = BatchSize / 2;

    /// <summary>
    /// The local server's lease on a message being delivered (not in host.json: the Functions host keeps its own). A
    /// crashed instance's messages come back after at most this; a live one renews it every third of it while it
    /// works, so a slow provider never lets a second instance take the same message.
    /// </summary>
    public TimeSpan ProcessingLease { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The most messages in flight at once.</summary>
    public int MaxConcurrency => Math.Max(1, BatchSize + NewBatchThreshold);

    public static QueueHostSettings Defaults { get; } = new(5, TimeSpan.Zero, TimeSpan.FromMinutes(1), 16);

    public static QueueHostSettings Load(string? hostJsonPath = null)
    {
        var path = hostJsonPath ?? Path.Combine(AppContext.BaseDirectory, "host.json");
        if (!File.Exists(path))
        {
            return Defaults;
        }

        using var doc = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        if (!doc.RootElement.TryGetProperty("extensions", out var ext) || !ext.TryGetProperty("queues", out var q))
        {
            return Defaults;
        }

        var batchSize = q.TryGetProperty("batchSize", out var b) ? b.GetInt32() : Defaults.BatchSize;
        return new QueueHostSettings(
            q.TryGetProperty("maxDequeueCount", out var m) ? m.GetInt32() : Defaults.MaxDequeueCount,
            q.TryGetProperty("visibilityTimeout", out var v) ? TimeSpan.Parse(v.GetString()!, System.Globalization.CultureInfo.InvariantCulture) : Defaults.VisibilityTimeout,
            q.TryGetProperty("maxPollingInterval", out var p) ? TimeSpan.Parse(p.GetString()!, System.Globalization.CultureInfo.InvariantCulture) : Defaults.MaxPollingInterval,
            batchSize)
        {
            NewBatchThreshold = q.TryGetProperty("newBatchThreshold", out var n) ? n.GetInt32() : batchSize / 2,
        };
    }
}
