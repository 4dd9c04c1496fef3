namespace SmsOtp.Testing.Hosts;

/// <summary>
/// How to start the Azure Functions host (v4) on this machine, or why it cannot be: Core Tools' <c>func</c> on the
/// PATH, or a folder with a built host named by <c>SMSOTP_FUNCTIONS_HOST</c> (the folder holding
/// <c>Microsoft.Azure.WebJobs.Script.WebHost.dll</c>; the variable wins over <c>func</c>).
/// </summary>
public sealed record FunctionsHostCommand(string FileName, IReadOnlyList<string> Arguments, string WorkingDirectory, string Description)
{
    public const string HostVariable = "SMSOTP_FUNCTIONS_HOST";
    private const string HostDll = "Microsoft.Azure.WebJobs.Script.WebHost.dll";

    /// <summary>The command for a host over <paramref name="scriptRoot"/> listening on <paramref name="port"/>, or null and why not.</summary>
    public static (FunctionsHostCommand? Command, string Reason) Find(string scriptRoot, int port)
    {
        var folder = Environment.GetEnvironmentVariable(HostVariable);
        if (!string.IsNullOrWhiteSpace(folder))
        {
            var dll = Path.Combine(Path.GetFullPath(folder), HostDll);
            return File.Exists(dll)
                ? (new FunctionsHostCommand("dotnet", [dll], Path.GetDirectoryName(dll)!, $"the host built at {folder} ({HostVariable})"), "")
                : (null, $"{HostVariable}={folder} holds no {HostDll}.");
        }

        var func = OnPath("func");
        if (func is not null)
        {
            // Core Tools reads the same environment; --script-root is the app's build output (no project there to rebuild).
            return (new FunctionsHostCommand(func, ["start", "--script-root", scriptRoot, "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture)],
                scriptRoot, $"Azure Functions Core Tools ({func})"), "");
        }

        return (null, $"No Azure Functions host on this machine: neither Core Tools' func on the PATH nor {HostVariable} naming a folder with {HostDll}.");
    }

    private static string? OnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(File.Exists);
}
