using Azure.Security.KeyVault.Secrets;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using SmsOtp.Tests.Delivery;

namespace SmsOtp.Tests.Secrets;

/// <summary>The Key Vault secret source over the real <see cref="SecretClient"/> and a fake vault on the wire.</summary>
public sealed class KeyVaultSecretSourceTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task Reads_a_secret_through_the_vault_challenge_with_a_token_for_the_vault_and_tenant()
    {
        var vault = new FakeKeyVault();
        vault.Secrets["twilio-auth-token"] = "s3cret";
        var source = new KeyVaultSecretSource(vault.CreateClient(), Options());

        Assert.Equal("s3cret", await source.GetAsync("twilio-auth-token", None));

        // First the unauthenticated request the vault challenges, then the retry with the token.
        var requests = vault.Requests.ToArray();
        Assert.Equal(2, requests.Length);
        Assert.Null(requests[0].Authorization);
        Assert.Equal("Bearer " + FakeKeyVault.Token, requests[1].Authorization);
        var token = Assert.Single(vault.Credential.Requests);
        Assert.Equal(["https://vault.azure.net/.default"], token.Scopes);
        Assert.Equal(FakeKeyVault.Tenant, token.TenantId);
    }

    [Fact]
    public async Task A_missing_secret_is_null_and_the_provider_error_names_it_without_any_value()
    {
        var vault = new FakeKeyVault();
        vault.Secrets["twilio-account-sid"] = "AC-visible-value";
        var source = new KeyVaultSecretSource(vault.CreateClient(), Options());
        Assert.Null(await source.GetAsync("twilio-auth-token", None));

        var template = ProviderPresets.Build(new ProviderOptions { Preset = "twilio", From = "+15005550006" }, 0);
        var provider = new HttpSmsProvider(template, new ServiceCollection().AddHttpClient().BuildServiceProvider().GetRequiredService<IHttpClientFactory>(), source, TimeProvider.System);
        var error = await Assert.ThrowsAsync<SecretNotFoundException>(() => provider.BuildRequestAsync(DeliveryKit.Sms("+94778888888", "x", "1"), None));
        Assert.Equal("twilio-auth-token", error.SecretName);
        Assert.Contains("'twilio-auth-token'", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("AC-visible-value", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_rotated_secret_is_picked_up_after_the_refresh_interval_and_not_before()
    {
        var vault = new FakeKeyVault();
        vault.Secrets["plivo-auth-token"] = "old";
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-11-26T08:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var cache = new CachingSecretSource(new KeyVaultSecretSource(vault.CreateClient(), Options()),
            Microsoft.Extensions.Options.Options.Create(new SecretOptions { SecretRefreshSeconds = 300 }), time, NullLogger<CachingSecretSource>.Instance);

        Assert.Equal("old", await cache.GetAsync("plivo-auth-token", None));
        vault.Secrets["plivo-auth-token"] = "new";

        time.Advance(TimeSpan.FromSeconds(299));
        Assert.Equal("old", await cache.GetAsync("plivo-auth-token", None));
        Assert.Equal(1, vault.SecretReads("plivo-auth-token"));

        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal("new", await cache.GetAsync("plivo-auth-token", None));
        Assert.Equal(2, vault.SecretReads("plivo-auth-token"));
    }

    [Fact]
    public async Task The_whole_service_sends_with_vault_secrets_and_follows_a_rotation_without_restart()
    {
        using var provider = WireMockServer.Start();
        provider.Given(Request.Create().UsingPost()).RespondWith(Response.Create().WithStatusCode(201));
        var vault = new FakeKeyVault();
        vault.Secrets["otp-hmac-key"] = Convert.ToBase64String(new byte[32].Select((_, i) => (byte)(i + 1)).ToArray());
        vault.Secrets["queue-encryption-key"] = Convert.ToBase64String(new byte[32].Select((_, i) => (byte)(i + 2)).ToArray());
        vault.Secrets["twilio-account-sid"] = "AC1";
        vault.Secrets["twilio-auth-token"] = "first-token";
        await using var h = await ServiceHarness.CreateAsync(new Dictionary<string, string?>
        {
            ["SmsOtp:KeyVaultUri"] = vault.VaultUri.ToString(),
            ["SmsOtp:SecretRefreshSeconds"] = "60",
            ["SmsOtp:Providers:0:Preset"] = "twilio",
            ["SmsOtp:Providers:0:From"] = "+15005550006",
            ["SmsOtp:Providers:0:BaseUrl"] = provider.Url,
        }, services =>
        {
            services.AddSingleton(vault.CreateClient());
            DeliveryKit.UseProviderChain(services);
        });
        Assert.IsType<CachingSecretSource>(h.Services.GetRequiredService<ISecretSource>());
        var alice = new UserKey("acme", "alice");
        await h.CreateUserAsync(alice);
        await h.Otp.SendAsync(alice, None);
        await h.DeliverAllAsync();

        // Rotate the provider token and the queue key (the old one kept as -previous), while a message is queued.
        await h.Otp.SendAsync(alice, None);
        vault.Secrets["twilio-auth-token"] = "second-token";
        vault.Secrets["queue-encryption-key-previous"] = vault.Secrets["queue-encryption-key"];
        vault.Secrets["queue-encryption-key"] = Convert.ToBase64String(new byte[32].Select((_, i) => (byte)(i + 3)).ToArray());
        h.Time.Advance(TimeSpan.FromSeconds(60));
        await h.DeliverAllAsync();

        var auth = provider.LogEntries.Select(e => DeliveryKit.Header(e, "Authorization")).ToArray();
        Assert.Equal([DeliveryKit.Basic("AC1", "first-token"), DeliveryKit.Basic("AC1", "second-token")], auth);
    }

    [Fact]
    public async Task A_provider_secret_missing_from_the_vault_stops_start_up_naming_it()
    {
        var vault = new FakeKeyVault();
        vault.Secrets["twilio-account-sid"] = "AC1";
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => ServiceHarness.CreateAsync(new Dictionary<string, string?>
        {
            ["SmsOtp:KeyVaultUri"] = vault.VaultUri.ToString(),
            ["SmsOtp:Providers:0:Preset"] = "twilio",
            ["SmsOtp:Providers:0:From"] = "+15005550006",
        }, services => services.AddSingleton(vault.CreateClient())));

        Assert.Contains("'twilio-auth-token' (SmsOtp:Providers:0)", error.Message, StringComparison.Ordinal);
        Assert.Contains(vault.VaultUri.ToString(), error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("AC1", error.Message, StringComparison.Ordinal);
    }

    private static IOptionsMonitor<SecretOptions> Options() =>
        new OptionsMonitorStub(new SecretOptions());

    private sealed class OptionsMonitorStub(SecretOptions value) : IOptionsMonitor<SecretOptions>
    {
        public SecretOptions CurrentValue => value;
        public SecretOptions Get(string? name) => value;
        public IDisposable? OnChange(Action<SecretOptions, string?> listener) => null;
    }
}
