using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;

namespace SmsOtp.Tests.Pages;

/// <summary>Outside Development, page links never come from the Host header: PublicBaseUrl is required.</summary>
public sealed class PagesHostValidatorTests
{
    private static readonly PagesOptions PagesOn = new() { AllowedReturnUrls = ["https://app.example.com/cb"] };

    [Theory]
    [InlineData("Production")]
    [InlineData("Staging")]
    public void Pages_without_a_public_base_url_stop_start_up_outside_development(string environment)
    {
        var result = new PagesHostValidator(new Env(environment)).Validate(null, PagesOn);
        Assert.True(result.Failed);
        Assert.Contains("SmsOtp:Pages:PublicBaseUrl", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Development_pages_off_or_a_public_base_url_are_fine()
    {
        Assert.True(new PagesHostValidator(new Env("Development")).Validate(null, PagesOn).Succeeded);
        Assert.True(new PagesHostValidator(new Env("Production")).Validate(null, new PagesOptions()).Succeeded);
        Assert.True(new PagesHostValidator(new Env("Production")).Validate(null, new PagesOptions
        {
            AllowedReturnUrls = ["https://app.example.com/cb"],
            PublicBaseUrl = "https://otp.example.com",
        }).Succeeded);
    }

    private sealed class Env(string name) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = name;
        public string ApplicationName { get; set; } = "test";
        public string ContentRootPath { get; set; } = AppContext.BaseDirectory;
        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }
}
