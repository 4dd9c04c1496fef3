namespace SmsOtp.Core.Hosting;

/// <summary>
/// What the hosts take from <c>host.json</c>, the one file of host settings both link into their output: the queue
/// trigger's settings (<c>extensions.queues</c>) and the log levels (<c>logging.logLevel</c>). Reading the file is
/// the hosts' plumbing, kept here beside the composition root so the features never touch the disk for it.
/// </summary>
public static class HostJson
{
    private static readonly JsonDocumentOptions Lenient = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    /// <summary>host.json beside the running app.</summary>
    public static string DefaultPath => Path.Combine(AppContext.BaseDirectory, "host.json");

    /// <summary>
    /// The queue trigger's settings. The Functions host applies them itself; the delivery handler needs
    /// <c>maxDequeueCount</c> to know a last attempt, and the local server's listener follows all of them, so both
    /// hosts behave alike. An absent file or section gives <see cref="QueueHostSettings.Defaults"/>.
    /// </summary>
    public static QueueHostSettings QueueSettings(string? hostJsonPath = null)
    {
        var defaults = QueueHostSettings.Defaults;
        using var doc = Read(hostJsonPath ?? DefaultPath);
        if (doc is null || !doc.RootElement.TryGetProperty("extensions", out var ext) || !ext.TryGetProperty("queues", out var q))
        {
            return defaults;
        }

        var batchSize = q.TryGetProperty("batchSize", out var b) ? b.GetInt32() : defaults.BatchSize;
        return new QueueHostSettings(
            q.TryGetProperty("maxDequeueCount", out var m) ? m.GetInt32() : defaults.MaxDequeueCount,
            q.TryGetProperty("visibilityTimeout", out var v) ? TimeSpan.Parse(v.GetString()!, CultureInfo.InvariantCulture) : defaults.VisibilityTimeout,
            q.TryGetProperty("maxPollingInterval", out var p) ? TimeSpan.Parse(p.GetString()!, CultureInfo.InvariantCulture) : defaults.MaxPollingInterval,
            batchSize)
        {
            NewBatchThreshold = q.TryGetProperty("newBatchThreshold", out var n) ? n.GetInt32() : batchSize / 2,
        };
    }

    /// <summary>
    /// host.json's log levels for the isolated worker (<c>default</c> as the minimum level); an absent file changes
    /// nothing. The host applies them to its own categories only: a worker's log reaches it under
    /// <c>Function.&lt;name&gt;.User</c>, so the Azure SDK's request and response lines (category <c>Azure.Core</c>,
    /// about 16 per login) passed <c>"Azure.Core": "Error"</c> at Information. Applied in the worker, the one rule in
    /// host.json holds for both processes.
    /// </summary>
    public static ILoggingBuilder AddHostJsonLogLevels(this ILoggingBuilder logging, string? hostJsonPath = null)
    {
        foreach (var (category, level) in LogLevels(hostJsonPath ?? DefaultPath))
        {
            if (string.Equals(category, "default", StringComparison.OrdinalIgnoreCase))
            {
                logging.SetMinimumLevel(level);
            }
            else
            {
                logging.AddFilter(category, level);
            }
        }

        return logging;
    }

    /// <summary>host.json's <c>logging.logLevel</c> as category and level.</summary>
    public static IReadOnlyList<(string Category, LogLevel Level)> LogLevels(string hostJsonPath)
    {
        using var doc = Read(hostJsonPath);
        if (doc is null || !doc.RootElement.TryGetProperty("logging", out var logging) || !logging.TryGetProperty("logLevel", out var levels))
        {
            return [];
        }

        return levels.EnumerateObject()
            .Select(p => (p.Name, Enum.Parse<LogLevel>(p.Value.GetString()!, ignoreCase: true)))
            .ToList()
            .AsReadOnly();
    }

    private static JsonDocument? Read(string path) =>
        File.Exists(path) ? JsonDocument.Parse(File.ReadAllText(path), Lenient) : null;
}
