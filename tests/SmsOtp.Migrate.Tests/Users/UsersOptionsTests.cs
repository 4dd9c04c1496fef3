using SmsOtp.Migrate.Users;

namespace SmsOtp.Migrate.Tests.Users;

public sealed class UsersOptionsTests
{
    [Theory]
    [InlineData("https://func-otp.azurewebsites.net", "https://func-otp.azurewebsites.net/api/")]
    [InlineData("https://func-otp.azurewebsites.net/", "https://func-otp.azurewebsites.net/api/")]
    [InlineData("https://func-otp.azurewebsites.net/api", "https://func-otp.azurewebsites.net/api/")]
    [InlineData("http://127.0.0.1:7071/api/", "http://127.0.0.1:7071/api/")]
    [InlineData("https://gw.example.com/otp", "https://gw.example.com/otp/api/")]
    public void ApiAddress_GetsApiOnce(string given, string expected)
    {
        Assert.Equal(expected, ServiceApi.BaseAddress(given).ToString());
    }

    [Fact]
    public async Task WithoutApi_OnlyADryRunRuns()
    {
        var run = await ToolRun.RunAsync("users", "--scim", Fixture.Scim);
        Assert.Equal(Program.BadInput, run.ExitCode);
        Assert.Contains("--api is required", run.Error, StringComparison.Ordinal);

        var dry = await ToolRun.RunAsync("users", "--scim", Fixture.Scim, "--dry-run", "--default-region", "LK");
        Assert.Equal(Program.RowsFailed, dry.ExitCode);
        Assert.Contains("imported(newprofile)8", dry.Squeezed, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--default-region", "XX")]
    [InlineData("--tenant", "bad tenant")]
    [InlineData("--concurrency", "0")]
    [InlineData("--disabled-attr", "smsotp_disabled")]
    public async Task BadOptions_AreBadInput(string option, string value)
    {
        var run = await ToolRun.RunAsync("users", "--scim", Fixture.Scim, "--dry-run", option, value);
        Assert.Equal(Program.BadInput, run.ExitCode);
    }

    [Fact]
    public async Task MissingFile_IsBadInput()
    {
        var run = await ToolRun.RunAsync("users", "--scim", Fixture.Path("scim", "nope.json"), "--dry-run");
        Assert.Equal(Program.BadInput, run.ExitCode);
    }
}
