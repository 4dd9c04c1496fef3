using Microsoft.Extensions.Options;
using SmsOtp.Core.Common;

namespace SmsOtp.LocalServer;

/// <summary>
/// The local server's process: build, validate the configuration, run, and stop Azurite on every exit path.
/// A configuration error prints one line per failed setting and exits non-zero; its stack trace is logged at Debug
/// only, because the line names the key and the fix, and 40 lines of trace around it hid it.
/// </summary>
public static partial class LocalServerRun
{
    public const int ConfigurationError = 2;

    public static async Task<int> RunAsync(string[] args, TextWriter error)
    {
        WebApplication? app = null;
        try
        {
            app = await LocalServerApp.CreateAsync(args).ConfigureAwait(false);

            // What the host would check inside StartAsync, checked here first, so that it does not log the failure as a
            // crash before it reaches us.
            await StartupChecks.RunAsync(app.Services, CancellationToken.None).ConfigureAwait(false);
            await app.RunAsync().ConfigureAwait(false);
            return 0;
        }
        catch (Exception exception) when (ConfigurationFailures(exception) is { Count: > 0 } failures)
        {
            foreach (var failure in failures.Distinct(StringComparer.Ordinal))
            {
                await error.WriteLineAsync(failure).ConfigureAwait(false);
            }

            if (app is not null)
            {
                LogConfigurationError(app.Logger, exception);
            }

            return ConfigurationError;
        }
        finally
        {
            if (app is not null)
            {
                await app.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>The failed settings' messages, however the validation exceptions are wrapped; empty for any other error.</summary>
    public static IReadOnlyList<string> ConfigurationFailures(Exception exception) => exception switch
    {
        OptionsValidationException options => [.. options.Failures],
        AggregateException aggregate when aggregate.InnerExceptions.Count > 0 && aggregate.InnerExceptions.All(e => ConfigurationFailures(e).Count > 0) =>
            [.. aggregate.InnerExceptions.SelectMany(ConfigurationFailures)],
        _ => [],
    };

    [LoggerMessage(EventId = 7010, Level = LogLevel.Debug, Message = "The configuration is not valid")]
    private static partial void LogConfigurationError(ILogger logger, Exception exception);
}
