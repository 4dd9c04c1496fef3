using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace SmsOtp.Core.Telemetry;

/// <summary>
/// The log levels of <c>host.json</c> (<c>logging.logLevel</c>) for the isolated worker. The host applies them to its
/// own categories only: a worker's log reaches it under <c>Function.&lt;name&gt;.User</c>, so the Azure SDK's
/// request and response lines (category <c>Azure.Core</c>, about 16 per login) passed <c>"Azure.Core": "Error"</c>
/// at Information. Applied in the worker, the one rule in host.json holds for both processes.
/// </summary>
public static class HostJsonLogLevels
{
    /// <summary>The category rules of host.json (<c>default</c> as the minimum level); an absent file changes nothing.</summary>
    public static ILoggingBuilder AddHostJsonLogLevels(this ILoggingBuilder logging, string? hostJsonPath = null)
    {
        foreach (var (category, level) in Read(hostJsonPath ?? Path.Combine(AppContext.BaseDirectory, "host.json")))
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
    public static IReadOnlyList<(string Category, LogLevel Level)> Read(string hostJsonPath)
    {
        if (!File.Exists(hostJsonPath))
        {
            return [];
        }

        using var doc = JsonDocument.Parse(File.ReadAllText(hostJsonPath), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        if (!doc.RootElement.TryGetProperty("logging", out var logging) || !logging.TryGetProperty("logLevel", out var levels))
        {
            return [];
        }

        return levels.EnumerateObject()
            .Select(p => (p.Name, Enum.Parse<LogLevel>(p.Value.GetString()!, ignoreCase: true)))
            .ToList()
            .AsReadOnly();
    }
}
