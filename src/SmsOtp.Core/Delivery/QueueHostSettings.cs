namespace SmsOtp.Core.Delivery;

/// <summary>
/// The queue trigger's settings from <c>host.json</c> (<c>extensions.queues</c>, read by <c>HostJson</c> beside the composition root). The Functions host applies
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
}
