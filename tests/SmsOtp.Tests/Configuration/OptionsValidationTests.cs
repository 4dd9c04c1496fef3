using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using SmsOtp.Core.Hosting;
using SmsOtp.LocalServer;

namespace SmsOtp.Tests.Configuration;

/// <summary>Configuration (spec §5): the exact keys bind, defaults are the spec's, and bad values name their key.</summary>
public sealed class OptionsValidationTests
{
    /// <summary>Every feature's options as the hosts register them, validated as at start-up.</summary>
    private sealed record Bound(PolicyOptions Policy, PhoneOptions Phone, SecretOptions Secrets, ProviderListOptions Providers, LocalServerOptions LocalServer);

    private static Bound Bind(Dictionary<string, string?> values)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values)
            .AddInMemoryCollection(new Dictionary<string, string?> { ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true" }).Build();
        var services = new ServiceCollection().AddSmsOtp(configuration);
        services.AddSingleton<IHostEnvironment>(new HostingEnvironment { EnvironmentName = Environments.Development });
        using var provider = services.BuildServiceProvider();
        provider.GetRequiredService<IStartupValidator>().Validate();
        return new Bound(
            provider.GetRequiredService<IOptions<PolicyOptions>>().Value,
            provider.GetRequiredService<IOptions<PhoneOptions>>().Value,
            provider.GetRequiredService<IOptions<SecretOptions>>().Value,
            provider.GetRequiredService<IOptions<ProviderListOptions>>().Value,
            configuration.GetSection(LocalServerOptions.SectionName).Get<LocalServerOptions>() ?? new LocalServerOptions());
    }

    [Fact]
    public void Defaults_are_the_spec_defaults()
    {
        var bound = Bind([]);
        var o = bound.Policy;
        Assert.True(o.RetryEnable);
        Assert.True(o.ResendEnable);
        Assert.True(o.BackupCode);
        Assert.True(o.EnableByUserClaim);
        Assert.False(o.Mandatory);
        Assert.True(o.CaptureAndUpdateMobileNumber);
        Assert.False(o.SendOtpDirectlyToMobile);
        Assert.False(o.RedirectToMultiOptionPageOnFailure);
        Assert.Equal(6, o.TokenLength);
        Assert.False(o.AlphanumericToken);
        Assert.Equal(300, o.TokenExpirySeconds);
        Assert.Equal(3, o.MaxAttemptsPerChallenge);
        Assert.Equal(5, o.MaximumResendAttempts);
        Assert.Equal(30, o.ResendCooldownSeconds);
        Assert.True(o.AccountLock.Enabled);
        Assert.Equal(5, o.AccountLock.MaxFailedAttempts);
        Assert.Equal(300, o.AccountLock.DurationSeconds);
        Assert.Equal(2, o.AccountLock.DurationRatio);
        Assert.Equal(10, o.BackupCodeCount);
        Assert.Equal("Verification Code: {code}", o.MessageTemplate);
        Assert.Null(bound.Phone.DefaultRegion);
        Assert.Null(bound.Phone.AllowedCountryCodes);
        Assert.Null(bound.Secrets.KeyVaultUri);
        Assert.Empty(bound.Providers.Providers);
        Assert.Null(bound.LocalServer.LocalApiKey);
    }

    [Fact]
    public void Environment_style_keys_bind()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["SmsOtp:Mandatory"] = "true",
            ["SmsOtp:AccountLock:MaxFailedAttempts"] = "7",
            ["SmsOtp:Providers:0:Url"] = "https://sms.example.com/send?to=$ctx.num",
            ["SmsOtp:Providers:0:HttpResponseCode"] = "202",
        }).Build();
        var o = configuration.GetSection("SmsOtp").Get<PolicyOptions>()!;
        Assert.True(o.Mandatory);
        Assert.Equal(7, o.AccountLock.MaxFailedAttempts);
        Assert.Equal("202", Assert.Single(configuration.GetSection("SmsOtp").Get<ProviderListOptions>()!.Providers).HttpResponseCode);
    }

    [Theory]
    [InlineData("SmsOtp:TokenLength", "3", "SmsOtp:TokenLength")]
    [InlineData("SmsOtp:TokenLength", "11", "SmsOtp:TokenLength")]
    [InlineData("SmsOtp:TokenExpirySeconds", "0", "SmsOtp:TokenExpirySeconds")]
    [InlineData("SmsOtp:MaxAttemptsPerChallenge", "0", "SmsOtp:MaxAttemptsPerChallenge")]
    [InlineData("SmsOtp:AccountLock:DurationRatio", "0.5", "SmsOtp:AccountLock:DurationRatio")]
    [InlineData("SmsOtp:MessageTemplate", "no placeholder", "SmsOtp:MessageTemplate")]
    [InlineData("SmsOtp:DefaultRegion", "XX", "SmsOtp:DefaultRegion")]
    [InlineData("SmsOtp:AllowedCountryCodes", "94,abc", "SmsOtp:AllowedCountryCodes")]
    [InlineData("SmsOtp:KeyVaultUri", "http://vault", "SmsOtp:KeyVaultUri")]
    [InlineData("SmsOtp:Providers:0:Method", "PATCH", "SmsOtp:Providers:0:")]
    [InlineData("SmsOtp:TokenLength", "six", "SmsOtp:TokenLength")]
    public void Bad_values_stop_start_up_with_a_message_naming_the_key(string key, string value, string named)
    {
        var values = new Dictionary<string, string?> { [key] = value };
        if (key.StartsWith("SmsOtp:Providers:0:", StringComparison.Ordinal))
        {
            values["SmsOtp:Providers:0:Url"] = "https://sms.example.com/";
        }

        var error = Assert.ThrowsAny<Exception>(() => Bind(values));
        Assert.True(error is OptionsValidationException or InvalidOperationException);
        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }
}
