using System.Globalization;
using Microsoft.Extensions.Logging;

namespace SmsOtp.Benchmarks.Soak;

/// <summary>
/// The soak's log file: the in-process service's log and the benchmark's own fault switches, one line each,
/// stamped with the soak clock so a failure can be set against the schedule. The service never logs a code
/// or a full number (a rule of the project), so neither does this file.
/// </summary>
public sealed class SoakLogFile : ILoggerProvider
{
    private readonly StreamWriter _writer;
    private readonly SoakClock _clock;
    private readonly object _sync = new();
    private readonly System.Collections.Concurrent.ConcurrentDictionary<int, long> _events = new();
    private bool _disposed;

    public SoakLogFile(string path, SoakClock clock)
    {
        Path = path;
        _clock = clock;
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!);
        _writer = new StreamWriter(path, append: false) { AutoFlush = false };
    }

    public string Path { get; }

    /// <summary>Lines written per event id (the service's ids are unique within the project).</summary>
    public long Count(int eventId) => _events.GetValueOrDefault(eventId);

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Write(LogLevel level, string category, EventId id, string message, Exception? exception)
    {
        if (id.Id != 0)
        {
            _events.AddOrUpdate(id.Id, 1, (_, n) => n + 1);
        }

        var at = _clock.Started ? _clock.Elapsed.TotalSeconds.ToString("+0.000;-0.000", CultureInfo.InvariantCulture) + "s" : "setup";
        var levelName = level switch
        {
            LogLevel.Information => "info",
            LogLevel.Warning => "WARN",
            LogLevel.Error => "ERROR",
            LogLevel.Critical => "CRIT",
            _ => level.ToString(),
        };

        // Exception messages are left out (the service's own rule: they may quote a response); types and stacks name code only.
        var line = $"{DateTimeOffset.UtcNow:HH:mm:ss.fff} {at,10} {levelName,-5} {category}[{id.Id}] {message}";
        if (exception is not null)
        {
            var chain = new List<string>();
            for (var e = exception; e is not null; e = e.InnerException)
            {
                chain.Add(e.GetType().FullName ?? e.GetType().Name);
            }

            line += " | " + string.Join(" <- ", chain) + Environment.NewLine + "        " +
                (exception.StackTrace ?? "").Replace(Environment.NewLine, Environment.NewLine + "        ", StringComparison.Ordinal);
        }
        lock (_sync)
        {
            if (!_disposed)
            {
                _writer.WriteLine(line);
            }
        }
    }

    public void Flush()
    {
        lock (_sync)
        {
            if (!_disposed)
            {
                _writer.Flush();
            }
        }
    }

    public void Dispose()
    {
        lock (_sync)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _writer.Dispose();
        }
    }

    private sealed class Logger(SoakLogFile file, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            file.Write(logLevel, category, eventId, formatter(state, exception), exception);
    }
}
