using System.Diagnostics;
using System.Reflection;

namespace SmsOtp.Tests.Hosting;

/// <summary>
/// The built Functions worker refuses to start outside Development without an SMS provider (spec §6).
/// The worker is started on its own (no Functions host), far enough to run its start-up checks.
/// </summary>
public sealed class FunctionsStartupTests
{
    [Fact]
    public async Task Worker_outside_Development_without_a_provider_refuses_to_start()
    {
        var (exitCode, output) = await RunWorkerAsync("Production");
        Assert.NotEqual(0, exitCode);
        Assert.Contains("SmsOtp:Providers is empty", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Worker_with_a_bad_setting_names_the_key()
    {
        var (exitCode, output) = await RunWorkerAsync("Development", ("SmsOtp__TokenLength", "42"));
        Assert.NotEqual(0, exitCode);
        Assert.Contains("SmsOtp:TokenLength", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Worker_with_Azure_Monitor_and_Entra_settings_starts_as_far_as_its_own_checks()
    {
        // The telemetry wiring (Azure Monitor exporter with a managed identity credential) must not stop the start:
        // the worker still gets to the options check. Endpoints on a dead loopback port: nothing leaves the machine.
        var (exitCode, output) = await RunWorkerAsync("Development", ("SmsOtp__TokenLength", "42"),
            ("APPLICATIONINSIGHTS_CONNECTION_STRING",
                "InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint=http://127.0.0.1:9/;LiveEndpoint=http://127.0.0.1:9/"),
            ("APPLICATIONINSIGHTS_AUTHENTICATION_STRING", "ClientId=00000000-0000-0000-0000-000000000001;Authorization=AAD"));
        Assert.NotEqual(0, exitCode);
        Assert.Contains("SmsOtp:TokenLength", output, StringComparison.Ordinal);
    }

    private static async Task<(int ExitCode, string Output)> RunWorkerAsync(string environment, params (string Key, string Value)[] settings)
    {
        var metadata = typeof(FunctionsStartupTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "FunctionsMetadataPath").Value!;
        var dll = Path.Combine(Path.GetDirectoryName(metadata)!, "SmsOtp.Functions.dll");
        var start = new ProcessStartInfo("dotnet", [dll])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(dll)!,
        };
        start.Environment["AZURE_FUNCTIONS_ENVIRONMENT"] = environment;
        start.Environment["DOTNET_ENVIRONMENT"] = environment;

        // Normally the Functions host passes its gRPC address; a dead one lets the worker reach its own start-up checks.
        start.Environment["Functions__Worker__HostEndpoint"] = "http://127.0.0.1:9";
        start.Environment["AzureWebJobsStorage"] = await SharedAzurite.ConnectionStringAsync();
        foreach (var (key, value) in settings)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("The worker neither started nor stopped.");
        }

        return (process.ExitCode, await stdout + await stderr);
    }
}
