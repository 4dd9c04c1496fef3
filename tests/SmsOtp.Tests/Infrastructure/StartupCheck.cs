using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using SmsOtp.Core.Hosting;

namespace SmsOtp.Tests.Infrastructure;

/// <summary>The start-up checks a host runs (options validation on start, then the tenants' settings), on given settings.</summary>
internal static class StartupCheck
{
    /// <summary>The message start-up fails with, or null when it starts.</summary>
    public static Task<string?> ErrorAsync(Dictionary<string, string?> values) =>
        FailureAsync(values, async (configuration, provider) =>
        {
            provider.GetRequiredService<IStartupValidator>().Validate();
            await new TenantSettingsCheck(configuration, provider.GetServices<ITenantOptions>()).StartAsync(CancellationToken.None);
        });

    /// <summary>As <see cref="ErrorAsync"/>, then the SMS segment budget (<c>MaxSmsSegments</c>) a host checks on start.</summary>
    public static async Task<string?> HostErrorAsync(Dictionary<string, string?> values) =>
        await ErrorAsync(values) ?? await FailureAsync(values, (_, provider) =>
            ActivatorUtilities.CreateInstance<SmsOtp.Core.Delivery.SmsBudgetCheck>(provider).StartAsync(CancellationToken.None));

    /// <summary>Runs <paramref name="check"/> over the services a host composes from <paramref name="values"/>: its message, or null.</summary>
    private static async Task<string?> FailureAsync(Dictionary<string, string?> values, Func<IConfiguration, IServiceProvider, Task> check)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values)
            .AddInMemoryCollection(new Dictionary<string, string?> { ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true" }).Build();
        var services = new ServiceCollection().AddSmsOtp(configuration);
        services.AddSingleton<IConfiguration>(configuration);
        services.AddSingleton<IHostEnvironment>(new HostingEnvironment { EnvironmentName = Environments.Development });
        await using var provider = services.BuildServiceProvider();
        try
        {
            await check(configuration, provider);
            return null;
        }
        catch (OptionsValidationException e)
        {
            return string.Join("\n", e.Failures);
        }
    }
}
