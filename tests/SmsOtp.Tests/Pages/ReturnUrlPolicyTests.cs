namespace SmsOtp.Tests.Pages;

public sealed class ReturnUrlPolicyTests
{
    private static readonly string[] Allowed = ["https://app.example.com/signin/callback", "https://other.example.com/hooks/", "http://localhost:5000/cb"];

    [Theory]
    [InlineData("https://app.example.com/signin/callback")]
    [InlineData("https://APP.example.com/signin/callback?state=xyz")]
    [InlineData("https://app.example.com:443/signin/callback/tenant-a")]
    [InlineData("https://other.example.com/hooks/otp")]
    [InlineData("http://localhost:5000/cb")]
    public void Allows_the_same_origin_under_the_path(string url) =>
        Assert.True(ReturnUrlPolicy.IsAllowed(url, Allowed, out _));

    [Theory]
    [InlineData("https://app.example.com/signin/callbackx")]
    [InlineData("https://app.example.com/signin")]
    [InlineData("https://app.example.com/signin/callback/../../admin")]
    [InlineData("https://app.example.com/signin/callback/%2e%2e/admin")]
    [InlineData("https://app.example.com/signin/callback%2f..%2fadmin")]
    [InlineData("https://app.example.com\\@evil.example/signin/callback")]
    [InlineData("https://app.example.com@evil.example/signin/callback")]
    [InlineData("https://user@app.example.com/signin/callback")]
    [InlineData("https://app.example.com.evil.example/signin/callback")]
    [InlineData("https://app.example.com/signin/callback#frag")]
    [InlineData("http://app.example.com/signin/callback")]
    [InlineData("https://app.example.com:8443/signin/callback")]
    [InlineData("https://other.example.com/hooks")]
    [InlineData("//app.example.com/signin/callback")]
    [InlineData("/signin/callback")]
    [InlineData("javascript:alert(1)//https://app.example.com/signin/callback")]
    [InlineData("https://app.example.com/signin/callback\n")]
    [InlineData(" https://app.example.com/signin/callback")]
    [InlineData("")]
    public void Refuses_anything_else(string url) =>
        Assert.False(ReturnUrlPolicy.IsAllowed(url, Allowed, out _));

    [Fact]
    public void Nothing_is_allowed_without_entries() =>
        Assert.False(ReturnUrlPolicy.IsAllowed("https://app.example.com/signin/callback", [], out _));

    [Theory]
    [InlineData("https://app.example.com/cb", "result", "a-b_c", "https://app.example.com/cb?result=a-b_c")]
    [InlineData("https://app.example.com/cb?state=1", "error", "locked", "https://app.example.com/cb?state=1&error=locked")]
    public void Append_adds_one_parameter(string url, string name, string value, string expected) =>
        Assert.Equal(expected, ReturnUrlPolicy.Append(url, name, value));

    [Fact]
    public void Options_validation_names_the_key()
    {
        var result = new OptionsValidator<PagesOptions>(PagesOptions.SectionName).Validate(null, new PagesOptions
        {
            AllowedReturnUrls = ["https://ok.example/cb", "ftp://bad.example/", "https://app.example/cb?x=1"],
            PublicBaseUrl = "not a url",
            ResultLifetimeSeconds = 1,
        });
        Assert.True(result.Failed);

        // The app's name, on the same section, has its own class: the SMS shows it too.
        var appName = new OptionsValidator<AppNameOptions>(AppNameOptions.SectionName).Validate(null, new AppNameOptions { AppName = "" });
        Assert.True(appName.Failed);
        var text = string.Join("\n", result.Failures!.Concat(appName.Failures!));
        Assert.DoesNotContain("AllowedReturnUrls:0", text);
        Assert.Contains("SmsOtp:Pages:AllowedReturnUrls:1", text);
        Assert.Contains("SmsOtp:Pages:AllowedReturnUrls:2", text);
        Assert.Contains("SmsOtp:Pages:AppName", text);
        Assert.Contains("SmsOtp:Pages:PublicBaseUrl", text);
        Assert.Contains("SmsOtp:Pages:ResultLifetimeSeconds", text);
        Assert.True(new OptionsValidator<PagesOptions>(PagesOptions.SectionName).Validate(null, new PagesOptions()).Succeeded);
        Assert.True(new OptionsValidator<AppNameOptions>(AppNameOptions.SectionName).Validate(null, new AppNameOptions()).Succeeded);
    }
}
