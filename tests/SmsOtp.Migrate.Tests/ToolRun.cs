namespace SmsOtp.Migrate.Tests;

/// <summary>One in-process run of the tool: its exit code and what it wrote to stdout and stderr.</summary>
public sealed record ToolRun(int ExitCode, string Output, string Error)
{
    public static async Task<ToolRun> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await Program.RunAsync(args, new MigrateConsole(output, error));
        return new ToolRun(code, output.ToString(), error.ToString());
    }

    /// <summary>Both streams without white space and table borders, so a value wrapped across lines is still found.</summary>
    public string Squeezed => new((Output + Error).Where(c => !char.IsWhiteSpace(c) && c is not ('│' or '─' or '┼' or '├' or '┤' or '┌' or '┐' or '└' or '┘' or '┬' or '┴')).ToArray());
}
