namespace SmsOtp.Infra.Tests;

/// <summary>App settings: identity-based connections, the spec's policy defaults, no secrets.</summary>
[Collection(InfraCollection.Name)]
public sealed class AppSettingsTests(InfraFixture infra)
{
    /// <summary>Settings the Flex Consumption plan rejects or that would bring back shared keys.</summary>
    private static readonly string[] ForbiddenSettings =
    [
        "AzureWebJobsStorage",
        "AzureWebJobsDashboard",
        "FUNCTIONS_WORKER_RUNTIME",
        "FUNCTIONS_EXTENSION_VERSION",
        "WEBSITE_RUN_FROM_PACKAGE",
        "WEBSITE_CONTENTAZUREFILECONNECTIONSTRING",
        "WEBSITE_CONTENTSHARE",
        "APPINSIGHTS_INSTRUMENTATIONKEY",
    ];

    public static TheoryData<string, string> SpecDefaults => new()
    {
        { "SmsOtp__RetryEnable", "true" },
        { "SmsOtp__ResendEnable", "true" },
        { "SmsOtp__BackupCode", "true" },
        { "SmsOtp__EnableByUserClaim", "true" },
        { "SmsOtp__Mandatory", "false" },
        { "SmsOtp__CaptureAndUpdateMobileNumber", "true" },
        { "SmsOtp__SendOtpDirectlyToMobile", "false" },
        { "SmsOtp__RedirectToMultiOptionPageOnFailure", "false" },
        { "SmsOtp__TokenLength", "6" },
        { "SmsOtp__AlphanumericToken", "false" },
        { "SmsOtp__TokenExpirySeconds", "300" },
        { "SmsOtp__MaxAttemptsPerChallenge", "3" },
        { "SmsOtp__MaximumResendAttempts", "5" },
        { "SmsOtp__ResendCooldownSeconds", "30" },
        { "SmsOtp__AccountLock__Enabled", "true" },
        { "SmsOtp__AccountLock__MaxFailedAttempts", "5" },
        { "SmsOtp__AccountLock__DurationSeconds", "300" },
        { "SmsOtp__AccountLock__DurationRatio", "2" },
        { "SmsOtp__BackupCodeCount", "10" },
        { "SmsOtp__MessageTemplate", "Verification Code: {code}" },
    };

    [Fact]
    public void HostStorage_IsIdentityBased()
    {
        var snapshot = infra.ExampleSnapshot;
        var settings = Settings(snapshot);
        var accountId = snapshot.IdOf("Microsoft.Storage/storageAccounts");
        var identityId = snapshot.AppIdentityId();

        Assert.Equal("managedidentity", settings["AzureWebJobsStorage__credential"]);
        Assert.Equal(snapshot.Single("Microsoft.Storage/storageAccounts").StringAt("name"), settings["AzureWebJobsStorage__accountName"]);
        Assert.Equal($"[reference('{identityId}', '2024-11-30').clientId]", settings["AzureWebJobsStorage__clientId"]);
        foreach (var service in new[] { "blob", "queue", "table" })
        {
            var uri = settings[$"AzureWebJobsStorage__{service}ServiceUri"];
            Assert.Contains(accountId, uri, StringComparison.OrdinalIgnoreCase);
            Assert.EndsWith($".primaryEndpoints.{service}]", uri, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void HostStorage_RetriesLikeTheLocalSettings()
    {
        // The host's queue listener shuts the host down when a receive spends its retries (docs/operations.md): Azure
        // gets the same longer retries as local.settings.sample.json.
        var local = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryLayout.Root, "local.settings.sample.json")))
            .RootElement.GetProperty("Values");
        foreach (var snapshot in new[] { infra.ExampleSnapshot, infra.DefaultsSnapshot })
        {
            var settings = Settings(snapshot);
            foreach (var name in new[] { "AzureWebJobsStorage__Retry__MaxRetries", "AzureWebJobsStorage__Retry__MaxDelay" })
            {
                Assert.Equal(local.GetProperty(name).GetString(), settings[name]);
            }
        }
    }

    [Fact]
    public void Settings_CarryNoKeysOrConnectionStrings()
    {
        foreach (var snapshot in new[] { infra.ExampleSnapshot, infra.DefaultsSnapshot })
        {
            var settings = snapshot.AppSettings();
            Assert.Empty(settings.Select(s => s.Key).Intersect(ForbiddenSettings, StringComparer.OrdinalIgnoreCase));
            foreach (var (name, value) in settings)
            {
                Assert.DoesNotContain("AccountKey=", value, StringComparison.OrdinalIgnoreCase);
                Assert.DoesNotContain("SharedAccessSignature", value, StringComparison.OrdinalIgnoreCase);
                Assert.DoesNotContain("listKeys", value, StringComparison.OrdinalIgnoreCase);
                Assert.False(name.Contains("password", StringComparison.OrdinalIgnoreCase), $"{name} looks like a secret.");
            }
        }
    }

    [Fact]
    public void Settings_WireKeyVaultIdentityAndTelemetry()
    {
        var snapshot = infra.ExampleSnapshot;
        var settings = Settings(snapshot);
        var vaultId = snapshot.IdOf("Microsoft.KeyVault/vaults");
        var identityId = snapshot.AppIdentityId();
        var clientId = $"[reference('{identityId}', '2024-11-30').clientId]";

        Assert.Equal($"[reference('{vaultId}', '2025-05-01').vaultUri]", settings["SmsOtp__KeyVaultUri"]);
        Assert.Equal(clientId, settings["SmsOtp__ManagedIdentityClientId"]);
        Assert.Equal(clientId, settings["AZURE_CLIENT_ID"]);
        Assert.Equal("otp-hmac-key", settings["SmsOtp__HmacKeySecretName"]);
        Assert.Equal("queue-encryption-key", settings["SmsOtp__QueueKeySecretName"]);
        Assert.Equal("users", settings["SmsOtp__Storage__UsersTable"]);
        Assert.Equal("fraudguard", settings["SmsOtp__Storage__FraudGuardTable"]);
        Assert.Equal("sms-delivery", settings["SmsOtp__Storage__DeliveryQueue"]);

        Assert.Contains(snapshot.IdOf("Microsoft.Insights/components"), settings["APPLICATIONINSIGHTS_CONNECTION_STRING"], StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Authorization=AAD", settings["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"], StringComparison.Ordinal);
        Assert.Contains($"'{identityId}'", settings["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"], StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [MemberData(nameof(SpecDefaults))]
    public void PolicySettings_DefaultToTheSpec(string name, string expected)
    {
        var settings = Settings(infra.DefaultsSnapshot);
        Assert.True(settings.TryGetValue(name, out var actual), $"App setting {name} is missing.");
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void OptionalPolicySettings_AreUnsetByDefault()
    {
        var settings = Settings(infra.DefaultsSnapshot);
        Assert.False(settings.ContainsKey("SmsOtp__DefaultRegion"));
        Assert.False(settings.ContainsKey("SmsOtp__AllowedCountryCodes"));
    }

    [Fact]
    public void ExtraAppSettings_AreAdded_ButCannotOverridePlatformWiring()
    {
        var snapshot = infra.DefaultsSnapshot;
        var settings = Settings(snapshot);

        Assert.Equal("twilio", settings["SmsOtp__Providers__0__Preset"]);
        Assert.Equal("+15005550006", settings["SmsOtp__Providers__0__From"]);
        Assert.Equal("managedidentity", settings["AzureWebJobsStorage__credential"]);
        Assert.NotEqual(InfraFixture.TestExtraAppSettings["AZURE_CLIENT_ID"], settings["AZURE_CLIENT_ID"]);
    }

    [Fact]
    public void SettingNames_AreUnique()
    {
        var names = infra.DefaultsSnapshot.AppSettings().Select(s => s.Key).ToList();
        Assert.Equal(names.Count, names.Distinct(StringComparer.OrdinalIgnoreCase).Count());
    }

    private static Dictionary<string, string> Settings(DeploymentSnapshot snapshot) =>
        snapshot.AppSettings().ToDictionary(s => s.Key, s => s.Value, StringComparer.Ordinal);
}
