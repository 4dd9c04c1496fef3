namespace SmsOtp.Tests.RateLimiting;

public sealed class RateLimitOptionsTests
{
    [Fact]
    public void Defaults_are_the_issue_s_and_out_of_range_values_name_their_key()
    {
        var defaults = new RateLimitOptions();
        Assert.Equal((10, 10, 1000), (defaults.SendsPerUserPerHour, defaults.SendsPerNumberPerHour, defaults.SendsPerTenantPerMinute));
        var validator = new OptionsValidator<RateLimitOptions>(RateLimitOptions.SectionName);
        Assert.True(validator.Validate(null, defaults).Succeeded);
        Assert.True(validator.Validate(null, new RateLimitOptions { SendsPerUserPerHour = 0, SendsPerNumberPerHour = 0, SendsPerTenantPerMinute = 0 }).Succeeded);

        var result = validator.Validate(null, new RateLimitOptions { SendsPerUserPerHour = -1, SendsPerTenantPerMinute = 2_000_000 });
        Assert.True(result.Failed);
        Assert.Contains("SmsOtp:RateLimits:SendsPerUserPerHour", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("SmsOtp:RateLimits:SendsPerTenantPerMinute", result.FailureMessage, StringComparison.Ordinal);
        Assert.DoesNotContain("SendsPerNumberPerHour", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Tenant_lease_blocks_are_a_twentieth_of_the_limit_between_1_and_50() =>
        Assert.Equal([1, 1, 5, 50, 50], new[] { 1, 20, 100, 1000, 100_000 }.Select(TenantSendLimiter.BlockSize));
}
