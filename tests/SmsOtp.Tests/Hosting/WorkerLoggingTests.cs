using SmsOtp.Core.Hosting;

namespace SmsOtp.Tests.Hosting;

/// <summary>
/// The worker applies host.json's log levels itself (<see cref="HostJson.AddHostJsonLogLevels"/>, called by the Functions app's
/// Program): the host filters only its own categories, and the worker's Azure SDK request lines reached it at
/// Information under Function.&lt;name&gt;.User, about 200 lines per login against the local server's 14.
/// </summary>
public sealed class WorkerLoggingTests
{
    private static ILoggerFactory WorkerLogging()
    {
        var services = new ServiceCollection();
        // The repository's host.json, as copied beside the worker (and this test).
        // A provider, as the worker has one (its channel to the host); without any, nothing is ever enabled.
        services.AddLogging(logging => logging.AddFakeLogging().AddHostJsonLogLevels(Path.Combine(AppContext.BaseDirectory, "host.json")));
        return services.BuildServiceProvider().GetRequiredService<ILoggerFactory>();
    }

    [Fact]
    public void Azure_sdk_request_lines_at_Information_are_dropped_in_the_worker()
    {
        var factory = WorkerLogging();
        var azureCore = factory.CreateLogger("Azure.Core");
        Assert.False(azureCore.IsEnabled(LogLevel.Information));
        Assert.False(azureCore.IsEnabled(LogLevel.Warning));
        Assert.True(azureCore.IsEnabled(LogLevel.Error));
    }

    [Fact]
    public void The_services_own_Information_lines_still_pass()
    {
        var factory = WorkerLogging();
        Assert.True(factory.CreateLogger("SmsOtp.Core.Otp.OtpService").IsEnabled(LogLevel.Information));
        Assert.False(factory.CreateLogger("SmsOtp.Core.Otp.OtpService").IsEnabled(LogLevel.Debug));
    }

    [Fact]
    public void The_rules_are_host_jsons()
    {
        var levels = HostJson.LogLevels(Path.Combine(AppContext.BaseDirectory, "host.json"));
        Assert.Contains(("Azure.Core", LogLevel.Error), levels);
        Assert.Empty(HostJson.LogLevels(Path.Combine(AppContext.BaseDirectory, "no-such-host.json")));
    }

    [Fact]
    public void The_functions_app_applies_them()
    {
        var program = File.ReadAllText(Path.Combine(RepositoryRoot(), "src", "SmsOtp.Functions", "Program.cs"));
        Assert.Contains("builder.Logging.AddHostJsonLogLevels();", program, StringComparison.Ordinal);
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "SmsOtpFunctions.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Repository root not found.");
    }
}
