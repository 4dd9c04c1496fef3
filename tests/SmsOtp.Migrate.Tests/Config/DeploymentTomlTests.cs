using SmsOtp.Migrate.Config;

namespace SmsOtp.Migrate.Tests.Config;

/// <summary>deployment.toml's SMSOTP parameters and account lock in, the service's keys out (spec §5, §12).</summary>
public sealed class DeploymentTomlTests
{
    [Fact]
    public async Task Fixture_MapsEverySeedParameter()
    {
        var (run, s) = await ConfigOutput.ConvertAsync("--toml", Fixture.Toml);

        Assert.Equal("true", s["SmsOtp:RetryEnable"]);
        Assert.Equal("true", s["SmsOtp:ResendEnable"]);          // "true" as a string
        Assert.Equal("true", s["SmsOtp:BackupCode"]);
        Assert.Equal("true", s["SmsOtp:EnableByUserClaim"]);     // SMSOTPEnableByUserClaim
        Assert.Equal("true", s["SmsOtp:Mandatory"]);             // SMSOTPMandatory
        Assert.Equal("true", s["SmsOtp:CaptureAndUpdateMobileNumber"]);
        Assert.Equal("false", s["SmsOtp:SendOtpDirectlyToMobile"]); // "false" as a string
        Assert.Equal("true", s["SmsOtp:RedirectToMultiOptionPageOnFailure"]);
        Assert.Equal("false", s["SmsOtp:AlphanumericToken"]);    // EnableAlphanumericToken
        Assert.Equal("300", s["SmsOtp:TokenExpirySeconds"]);     // "300" as a string, seconds
        Assert.Equal("8", s["SmsOtp:TokenLength"]);
        Assert.Equal("true", s["SmsOtp:AccountLock:Enabled"]);
        Assert.Equal("3", s["SmsOtp:AccountLock:MaxFailedAttempts"]);
        Assert.Equal("600", s["SmsOtp:AccountLock:DurationSeconds"]); // auto_unlock_after = 10 minutes
        Assert.Equal("1.5", s["SmsOtp:AccountLock:DurationRatio"]);
        Assert.Equal("true", s["SmsOtp:CaseInsensitiveUserIds"]);

        foreach (var key in new[] { "SMSOTPAuthenticationEndpointURL", "SMSOTPAuthenticationEndpointErrorPage", "MobileNumberRegPage", "usecase",
                     "secondaryUserstore", "SendOtpToFederatedMobile", "federatedMobileAttributeKey", "screenUserAttribute", "noOfDigits", "order" })
        {
            Assert.Contains($"unmapped  {key}: ", run.Error, StringComparison.Ordinal);
        }

        // Nothing of the rest of deployment.toml (database passwords, keystores) is read or echoed.
        Assert.DoesNotContain("wso2carbon", run.Output + run.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("RetryEnable = \"True\"", "RetryEnable", "true")]
    [InlineData("RetryEnable = \"FALSE\"", "RetryEnable", "false")]
    [InlineData("SMSOTPMandatory = false", "Mandatory", "false")]
    [InlineData("TokenLength = \"6\"", "TokenLength", "6")]
    [InlineData("TokenLength = 12", "TokenLength", "10")]
    [InlineData("TokenExpiryTime = 20", "TokenExpirySeconds", "30")]
    [InlineData("maximumResendAttempts = \"2\"", "MaximumResendAttempts", "2")]
    [InlineData("resendThrottleInterval = 45", "ResendCooldownSeconds", "45")]
    [InlineData("EnableAlphanumericToken = \"true\"", "AlphanumericToken", "true")]
    public void ParameterForms_AreReadAsWso2ReadsThem(string line, string key, string expected)
    {
        var result = Convert(line);
        Assert.Equal(expected, Value(result, key));
    }

    [Fact]
    public void NotABoolean_IsFalseAsInJava_AndWarned()
    {
        var result = Convert("BackupCode = \"yes\"");
        Assert.Equal("false", Value(result, "BackupCode"));
        Assert.Contains(result.Notes, n => n.Kind == NoteKind.Warning && n.Source == "BackupCode");
    }

    [Fact]
    public void NotANumber_IsLeftOut_AndWarned()
    {
        var result = Convert("TokenLength = \"six\"");
        Assert.False(result.Settings.Contains("TokenLength"));
        Assert.Contains(result.Notes, n => n.Kind == NoteKind.Warning && n.Source == "TokenLength");
    }

    [Fact]
    public void UnknownParameter_IsListedAsUnmapped()
    {
        var result = Convert("SomethingNew = true");
        Assert.Contains(result.Notes, n => n.Kind == NoteKind.Unmapped && n.Source == "SomethingNew");
    }

    [Fact]
    public void AccountLockHandlerKeys_InTheParameters_AreMapped_MinutesToSeconds()
    {
        var result = Convert("""
            "account.lock.handler.enable" = "true"
            "account.lock.handler.On.Failure.Max.Attempts" = "4"
            "account.lock.handler.Time" = "5"
            account.lock.handler.login.fail.timeout.ratio = 3
            EnableAccountLockingForFailedAttempts = "true"
            """);
        Assert.Equal("true", Value(result, "AccountLock:Enabled"));
        Assert.Equal("4", Value(result, "AccountLock:MaxFailedAttempts"));
        Assert.Equal("300", Value(result, "AccountLock:DurationSeconds"));
        Assert.Equal("3", Value(result, "AccountLock:DurationRatio"));
    }

    [Fact]
    public void AccountLock_OffInEitherPlace_IsOff()
    {
        var result = Convert("EnableAccountLockingForFailedAttempts = true", "[identity_mgt.account_locking]\nenable_account_locking = false");
        Assert.Equal("false", Value(result, "AccountLock:Enabled"));

        result = Convert("EnableAccountLockingForFailedAttempts = false", "[identity_mgt.account_locking]\nenable_account_locking = true");
        Assert.Equal("false", Value(result, "AccountLock:Enabled"));
    }

    [Fact]
    public void AccountLock_Unset_KeepsTheServiceDefault_WithANote()
    {
        var result = Convert("RetryEnable = true");
        Assert.False(result.Settings.Contains("AccountLock:Enabled"));
        Assert.Contains(result.Notes, n => n.Source == "EnableAccountLockingForFailedAttempts" && n.Message.Contains("AccountLock:Enabled false", StringComparison.Ordinal));
    }

    [Fact]
    public void AdminUnlockOnly_BecomesTheLongestLock()
    {
        var result = Convert("EnableAccountLockingForFailedAttempts = true", "[identity_mgt.account_locking]\nauto_unlock_after = 0");
        Assert.Equal("31536000", Value(result, "AccountLock:DurationSeconds"));
    }

    [Fact]
    public void InvalidToml_IsABadInput()
    {
        Assert.Throws<MigrationInputException>(() => Convert("RetryEnable = = true"));
    }

    [Fact]
    public async Task Tenant_PutsEverythingUnderTenants()
    {
        var (_, s) = await ConfigOutput.ConvertAsync("--toml", Fixture.Toml, "--idp", Fixture.Idp("twilio"), "--tenant", "acme");
        Assert.Equal("true", s["SmsOtp:Tenants:acme:Mandatory"]);
        Assert.Equal("twilio", s["SmsOtp:Tenants:acme:Providers:0:Preset"]);
        Assert.Equal("true", s["SmsOtp:Tenants:acme:CaseInsensitiveUserIds"]);
        Assert.DoesNotContain(s.Keys, k => !k.StartsWith("SmsOtp:Tenants:acme:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task BadTenant_ExitsWithBadInput()
    {
        var run = await ToolRun.RunAsync("config", "--toml", Fixture.Toml, "--tenant", "-bad tenant");
        Assert.Equal(Program.BadInput, run.ExitCode);
    }

    [Fact]
    public async Task EnvFormat_QuotesTemplatesForTheShell()
    {
        var run = await ToolRun.RunAsync("config", "--toml", Fixture.Toml, "--idp", Fixture.Idp("clickatell"), "--format", "env");
        Assert.Equal(0, run.ExitCode);
        var lines = run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains("SmsOtp__Mandatory=true", lines);
        Assert.Contains("SmsOtp__Providers__0__Payload='{\"text\":\"$ctx.msg\",\"to\":[\"$ctx.num\"]}'", lines);
        Assert.Contains("SmsOtp__CaseInsensitiveUserIds=true", lines);
    }

    [Fact]
    public async Task ValuesFormat_IsAFlatStringMap()
    {
        var run = await ToolRun.RunAsync("config", "--toml", Fixture.Toml, "--idp", Fixture.Idp("twilio"), "--format", "values");
        using var doc = System.Text.Json.JsonDocument.Parse(run.Output);
        Assert.Equal("true", doc.RootElement.GetProperty("SmsOtp__Mandatory").GetString());
        Assert.Equal("twilio", doc.RootElement.GetProperty("SmsOtp__Providers__0__Preset").GetString());
    }

    private static ConversionResult Convert(string parameters, string more = "")
    {
        var toml = "[authentication.authenticator.sms_otp]\nenable = true\n\n[authentication.authenticator.sms_otp.parameters]\n" + parameters + "\n\n" + more + "\n";
        return ConfigConverter.Convert(toml, "deployment.toml", null, null, usePresets: true, tenant: null);
    }

    private static string? Value(ConversionResult result, string key) =>
        result.Settings.Get(key) is { } v ? SettingsDocument.Format(v) : null;
}
