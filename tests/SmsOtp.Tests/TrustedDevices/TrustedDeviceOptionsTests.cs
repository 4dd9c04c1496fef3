using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using SmsOtp.Core.Hosting;

namespace SmsOtp.Tests.TrustedDevices;

/// <summary><c>SmsOtp:TrustedDevices</c> (spec §15.1): the defaults, and start-up refusing a bad value by its full key.</summary>
public sealed class TrustedDeviceOptionsTests
{
    private static ServiceProvider Build(Dictionary<string, string?> values)
    {
        values["AzureWebJobsStorage"] = "UseDevelopmentStorage=true";
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection().AddSmsOtp(configuration);
        services.AddSingleton<IConfiguration>(configuration);
        services.AddSingleton<IHostEnvironment>(new HostingEnvironment { EnvironmentName = Environments.Development });
        services.AddLogging();
        return services.BuildServiceProvider();
    }

    [Fact]
    public void Off_by_default_with_five_devices_per_user()
    {
        using var provider = Build([]);
        provider.GetRequiredService<IStartupValidator>().Validate();
        var o = provider.GetRequiredService<IOptions<TrustedDeviceOptions>>().Value;
        Assert.Equal(0, o.Days);
        Assert.False(o.IsOn);
        Assert.Equal(5, o.MaxPerUser);
    }

    [Theory]
    [InlineData("SmsOtp:TrustedDevices:Days", "91", "SmsOtp:TrustedDevices:Days must be between 0 and 90")]
    [InlineData("SmsOtp:TrustedDevices:Days", "-1", "SmsOtp:TrustedDevices:Days must be between 0 and 90")]
    [InlineData("SmsOtp:TrustedDevices:MaxPerUser", "0", "SmsOtp:TrustedDevices:MaxPerUser must be between 1 and 20")]
    [InlineData("SmsOtp:Tenants:beta:TrustedDevices:Days", "120", "SmsOtp:Tenants:beta:TrustedDevices:Days must be between 0 and 90")]
    [InlineData("SmsOtp:Tenants:beta:TrustedDevices:MaxPerUser", "3", "SmsOtp:Tenants:beta:TrustedDevices:MaxPerUser is not a setting a tenant can override")]
    public async Task Start_up_refuses_a_bad_value_naming_its_key(string key, string value, string message)
    {
        using var provider = Build(new Dictionary<string, string?> { [key] = value });
        var messages = new List<string>();
        try
        {
            provider.GetRequiredService<IStartupValidator>().Validate();
            await provider.GetServices<IHostedService>().OfType<TenantSettingsCheck>().Single().StartAsync(CancellationToken.None);
        }
        catch (Exception e)
        {
            messages.Add(e.Message);
            messages.AddRange((e as AggregateException)?.InnerExceptions.Select(i => i.Message) ?? []);
        }

        Assert.Contains(messages, m => m.Contains(message, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_tenant_may_set_its_own_Days()
    {
        using var provider = Build(new Dictionary<string, string?> { ["SmsOtp:Tenants:beta:TrustedDevices:Days"] = "90" });
        provider.GetRequiredService<IStartupValidator>().Validate();
        await provider.GetServices<IHostedService>().OfType<TenantSettingsCheck>().Single().StartAsync(CancellationToken.None);
        var devices = provider.GetRequiredService<DeviceTrust>();
        Assert.True(devices.IsOn("beta"));
        Assert.False(devices.IsOn("default"));
    }
}
