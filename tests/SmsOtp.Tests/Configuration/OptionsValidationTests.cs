using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SmsOtp.Core.Configuration;

namespace SmsOtp.Tests.Configuration;

/// <summary>Configuration (spec §5): the exact keys bind, defaults are the spec's, and bad values name their key.</summary>
public sealed class OptionsValidationTests
{
    private static SmsOtpOptions Bind(Dictionary<string, string?> values)
    {
        var services = new ServiceCollection();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        services.AddOptions<SmsOtpOptions>().Bind(configuration.GetSection("SmsOtp"));
        services.AddSingleton<IValidateOptions<SmsOtpOptions>, SmsOtpOptionsValidator>();
        return services.BuildServiceProvider().GetRequiredService<IOptions<SmsOtpOptions>>().Value;
    }

    [Fact]
    public void Defaults_are_the_spec_defaults()
    {
        var o = Bind([]);
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
        Assert.Null(o.DefaultRegion);
        Assert.Null(o.AllowedCountryCodes);
        Assert.Null(o.KeyVaultUri);
        Assert.Empty(o.Providers);
        Assert.Null(o.LocalApiKey);
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
        var o = configuration.GetSection("SmsOtp").Get<SmsOtpOptions>()!;
        Assert.True(o.Mandatory);
        Assert.Equal(7, o.AccountLock.MaxFailedAttempts);
        Assert.Equal("202", Assert.Single(o.Providers).HttpResponseCode);
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
