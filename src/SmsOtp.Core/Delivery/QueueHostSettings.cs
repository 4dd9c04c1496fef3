using System.Text.Json;

namespace SmsOtp.Core.Delivery;

/// <summary>
/// The queue trigger's settings from <c>host.json</c> (<c>extensions.queues</c>). The Functions host applies
/// them itself; the delivery handler needs <see cref="MaxDequeueCount"/> to know a last attempt, and the
/// local server's listener follows all of them, so both hosts behave alike.
/// </summary>
public sealed record QueueHostSettings(int MaxDequeueCount, TimeSpan VisibilityTimeout, TimeSpan MaxPollingInterval, int BatchSize)
{
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

        return new QueueHostSettings(
            q.TryGetProperty("maxDequeueCount", out var m) ? m.GetInt32() : Defaults.MaxDequeueCount,
            q.TryGetProperty("visibilityTimeout", out var v) ? TimeSpan.Parse(v.GetString()!, System.Globalization.CultureInfo.InvariantCulture) : Defaults.VisibilityTimeout,
            q.TryGetProperty("maxPollingInterval", out var p) ? TimeSpan.Parse(p.GetString()!, System.Globalization.CultureInfo.InvariantCulture) : Defaults.MaxPollingInterval,
            q.TryGetProperty("batchSize", out var b) ? b.GetInt32() : Defaults.BatchSize);
    }
}
