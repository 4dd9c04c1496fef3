using System.Diagnostics;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace SmsOtp.Tests.Hosting;

/// <summary>
/// The local server as a user starts it (its own process, no storage configured, so it starts Azurite): a bad setting
/// prints the one line that names the key, with no stack trace, exits non-zero, and leaves no Azurite running.
/// </summary>
public sealed partial class LocalServerStartupTests
{
    [Fact]
    public async Task A_bad_setting_prints_one_line_exits_non_zero_and_stops_its_Azurite()
    {
        var run = await RunLocalServerAsync(("SmsOtp__Tenants__beta__TokenLength", "42"));

        Assert.Equal(2, run.ExitCode);
        Assert.Equal(["SmsOtp:Tenants:beta:TokenLength must be between 4 and 10 (was 42)."], run.Error);
        Assert.DoesNotContain(run.Output.Concat(run.Error), line => line.TrimStart().StartsWith("at ", StringComparison.Ordinal));

        // The Azurite it started is gone: nothing listens on its ports any more.
        var ports = AzuritePorts().Match(string.Join('\n', run.Output));
        Assert.True(ports.Success, string.Join('\n', run.Output));
        foreach (var port in new[] { ports.Groups[1].Value, ports.Groups[2].Value }.Select(int.Parse))
        {
            Assert.False(await ListensAsync(port), $"Azurite still listens on port {port} after the failed start.");
        }
    }

    [Fact]
    public async Task Every_bad_setting_gets_its_line()
    {
        var run = await RunLocalServerAsync(("SmsOtp__Tenants__beta__TokenLength", "42"), ("SmsOtp__TokenLength", "1"));

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(run.Error, line => line.Contains("SmsOtp:Tenants:beta:TokenLength", StringComparison.Ordinal));
        Assert.Contains(run.Error, line => line.Contains("SmsOtp:TokenLength", StringComparison.Ordinal));
        Assert.DoesNotContain(run.Output.Concat(run.Error), line => line.TrimStart().StartsWith("at ", StringComparison.Ordinal));
    }

    private static async Task<(int ExitCode, List<string> Output, List<string> Error)> RunLocalServerAsync(params (string Key, string Value)[] settings)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "SmsOtp.LocalServer.dll");
        var start = new ProcessStartInfo("dotnet", [dll, "--urls", "http://127.0.0.1:0"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.Environment.Remove("AzureWebJobsStorage");
        start.Environment["DOTNET_ENVIRONMENT"] = "Development";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        foreach (var (key, value) in settings)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("The local server neither failed nor stopped.");
        }

        static List<string> Lines(string text) => [.. text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
        return (process.ExitCode, Lines(await stdout), Lines(await stderr));
    }

    private static async Task<bool> ListensAsync(int port)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    [GeneratedRegex(@"Started Azurite in memory \(tables :(\d+), queues :(\d+)\)")]
    private static partial Regex AzuritePorts();
}
