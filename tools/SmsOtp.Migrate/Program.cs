using System.CommandLine;
using SmsOtp.Migrate.Cli;

namespace SmsOtp.Migrate;

/// <summary>
/// <c>dotnet run --project tools/SmsOtp.Migrate -- config|users ...</c> (spec §12). Exit codes: 0 done,
/// 1 some users failed to import, 2 bad input or usage.
/// </summary>
public static class Program
{
    public const int Ok = 0;
    public const int RowsFailed = 1;
    public const int BadInput = 2;

    public static Task<int> Main(string[] args) => RunAsync(args, MigrateConsole.System());

    /// <summary>Runs one command with the given console (tests pass string writers and run in-process).</summary>
    public static async Task<int> RunAsync(string[] args, MigrateConsole console, CancellationToken cancellationToken = default)
    {
        var root = new RootCommand("Migrates a WSO2 Identity Server SMSOTP set-up to the SMS OTP service: its settings (config) and its users (users).")
        {
            ConfigCommand.Create(console),
            UsersCommand.Create(console),
        };

        var parse = root.Parse(args);
        try
        {
            var code = await parse.InvokeAsync(new InvocationConfiguration
            {
                Output = console.Output,
                Error = console.Error,
                EnableDefaultExceptionHandler = false,
            }, cancellationToken);
            // System.CommandLine answers a usage error with 1; this tool keeps 1 for failed rows.
            return parse.Errors.Count > 0 ? BadInput : code;
        }
        catch (MigrationInputException e)
        {
            await console.Error.WriteLineAsync("error: " + e.Message);
            return BadInput;
        }
    }
}
