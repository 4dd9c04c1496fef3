using System.Diagnostics;
using System.Reflection;

namespace SmsOtp.Infra.Tests;

/// <summary>
/// Runs the Bicep CLI that the NuGet package Azure.Bicep.CommandLine.linux-x64 ships under tools/.
/// The test project passes the package folder in as assembly metadata (BicepPath); the environment
/// variable SMSOTP_BICEP_PATH overrides it. The binary is self-contained and needs no network.
/// </summary>
public sealed class BicepCli
{
    public const string PathOverrideVariable = "SMSOTP_BICEP_PATH";

    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    private BicepCli(string executablePath) => ExecutablePath = executablePath;

    public string ExecutablePath { get; }

    public static BicepCli Locate()
    {
        var path = Environment.GetEnvironmentVariable(PathOverrideVariable);
        if (string.IsNullOrWhiteSpace(path))
        {
            path = AssemblyMetadata("BicepPath");
        }

        if (string.IsNullOrWhiteSpace(path) || !File.Exists(path))
        {
            throw new InvalidOperationException(
                $"The bicep binary was not found at '{path}'. Restore the Azure.Bicep.CommandLine.linux-x64 package " +
                $"(dotnet restore) or set {PathOverrideVariable}.");
        }

        return new BicepCli(EnsureExecutable(Path.GetFullPath(path)));
    }

    public BicepRun Run(string workingDirectory, params string[] arguments)
    {
        var startInfo = new ProcessStartInfo(ExecutablePath)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var process = Process.Start(startInfo)
            ?? throw new InvalidOperationException($"Could not start {ExecutablePath}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(Timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"bicep {string.Join(' ', arguments)} did not finish within {Timeout}.");
        }

        process.WaitForExit();
        return new BicepRun(
            $"bicep {string.Join(' ', arguments)}",
            process.ExitCode,
            stdout.GetAwaiter().GetResult(),
            stderr.GetAwaiter().GetResult());
    }

    internal static string? AssemblyMetadata(string key) =>
        typeof(BicepCli).Assembly
            .GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(attribute => attribute.Key == key)?.Value;

    /// <summary>NuGet extraction can drop the execute bit; put it back, or run a private copy.</summary>
    private static string EnsureExecutable(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return path;
        }

        const UnixFileMode execute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
        var mode = File.GetUnixFileMode(path);
        if ((mode & UnixFileMode.UserExecute) != 0)
        {
            return path;
        }

        try
        {
            File.SetUnixFileMode(path, mode | execute);
            return path;
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            var copy = Path.Combine(Directory.CreateTempSubdirectory("smsotp-bicep-").FullName, "bicep");
            File.Copy(path, copy);
            File.SetUnixFileMode(copy, File.GetUnixFileMode(copy) | execute | UnixFileMode.UserRead);
            return copy;
        }
    }
}
