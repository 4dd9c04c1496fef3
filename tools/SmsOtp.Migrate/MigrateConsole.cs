using Spectre.Console;

namespace SmsOtp.Migrate;

/// <summary>
/// Where the tool writes: <see cref="Out"/> carries the result (settings, summary, report) and
/// <see cref="Error"/> the diagnostics (unmapped keys, secrets to set, progress), so that
/// <c>config ... &gt; settings.json</c> captures only the settings. Tests pass string writers.
/// </summary>
public sealed class MigrateConsole
{
    public MigrateConsole(TextWriter output, TextWriter error, bool interactive = false)
    {
        Output = output;
        Error = error;
        Interactive = interactive;
        Out = Create(output, interactive);
        Err = Create(error, interactive);
    }

    /// <summary>Plain text result (JSON or environment lines), never markup-processed.</summary>
    public TextWriter Output { get; }

    /// <summary>Plain text diagnostics.</summary>
    public TextWriter Error { get; }

    /// <summary>Rich output (tables) on the result stream.</summary>
    public IAnsiConsole Out { get; }

    /// <summary>Rich output (progress bar) on the diagnostics stream.</summary>
    public IAnsiConsole Err { get; }

    public bool Interactive { get; }

    /// <summary>The process's own streams; a progress bar only when stderr is a terminal.</summary>
    public static MigrateConsole System() =>
        new(global::System.Console.Out, global::System.Console.Error, !global::System.Console.IsErrorRedirected);

    private static IAnsiConsole Create(TextWriter writer, bool interactive)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = interactive ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = interactive ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = interactive ? InteractionSupport.Yes : InteractionSupport.No,
        });
        if (!interactive)
        {
            // Redirected to a file or a CI log: lines are not wrapped at 80 columns, so they stay greppable.
            console.Profile.Width = 200;
        }

        return console;
    }
}
