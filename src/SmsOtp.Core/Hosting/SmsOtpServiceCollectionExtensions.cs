using Azure.Core;
using Azure.Data.Tables;
using Azure.Security.KeyVault.Secrets;
using Azure.Storage.Queues;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.DependencyInjection;

namespace SmsOtp.Core.Hosting;

/// <summary>Registers the whole service for either host: the composition root, the only place that knows every feature.</summary>
public static class SmsOtpServiceCollectionExtensions
{
    public static IServiceCollection AddSmsOtp(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);
        AddStorage(services, configuration);
        AddSecrets(services, configuration);

        // The challenge (spec §2-§3) under its policy, and the keys its codes are hashed with.
        AddTenantOptions<PolicyOptions>(services, configuration, PolicyOptions.SectionName);
        AddTenantOptions<AppNameOptions>(services, configuration, AppNameOptions.SectionName);
        services.AddSingleton<OtpService>();
        services.AddSingleton<SendUseCase>();
        services.AddSingleton<MobileUseCase>();
        services.AddSingleton<ResendUseCase>();
        services.AddSingleton<VerifyUseCase>();
        services.AddSingleton<ResultRedemption>();
        services.AddSingleton<ChallengeContinuation>();
        services.AddSingleton<CodeIssuer>();
        services.AddSingleton<IdempotentReplay>();
        services.AddSingleton<OtpOutcomes>();
        services.AddSingleton<ResultTokens>();
        services.AddSingleton<ServiceKeys>();
        services.AddHostedService<ServiceKeysCheck>();

        // Trusted devices (spec §15.1): a remembered device skips the SMS.
        AddTenantOptions<TrustedDeviceOptions>(services, configuration, TrustedDeviceOptions.SectionName);
        services.AddSingleton<DeviceTrust>();

        // Profiles, numbers, send limits and the audit trail.
        services.AddSingleton<ProfileService>();
        AddTenantOptions<PhoneOptions>(services, configuration, PhoneOptions.SectionName);
        services.AddSingleton<MobileNumberParser>();
        AddTenantOptions<RateLimitOptions>(services, configuration, RateLimitOptions.SectionName);
        services.AddSingleton<NumberSendLimiter>();
        services.AddSingleton<TenantSendLimiter>();
        services.AddSingleton<IpSendLimiter>();
        services.AddSingleton<SendRateLimiter>();
        services.AddSingleton<AuditLog>();

        // The SMS pumping guard (spec §9): decisions in memory, shared counts merged in the background.
        AddTenantOptions<FraudGuardOptions>(services, configuration, FraudGuardOptions.SectionName);
        services.AddSingleton<DestinationGuard>();
        services.AddSingleton<FraudGuardStore>();
        services.AddSingleton<FraudGuardSync>();
        services.AddHostedService(sp => sp.GetRequiredService<FraudGuardSync>());

        // Delivery: the queue side, then the providers (or the development outbox when none is configured).
        services.AddSingleton<StorageDeliveryQueue>();
        services.AddSingleton<IDeliveryQueue>(sp => sp.GetRequiredService<StorageDeliveryQueue>());
        services.AddSingleton<IRedeliveryQueue>(sp => sp.GetRequiredService<StorageDeliveryQueue>());
        services.AddSingleton<DeliverySignal>();
        services.TryAddSingleton(_ => HostJson.QueueSettings());
        services.AddSingleton<DeliveryClaims>();
        services.AddSingleton<DeliveryHandler>();
        AddOptions<DeliveryOptions>(services, configuration, DeliveryOptions.SectionName);
        AddTenantOptions<ProviderListOptions>(services, configuration, ProviderListOptions.SectionName);
        AddOptions<ProviderResilienceOptions>(services, configuration, ProviderResilienceOptions.SectionName);
        services.AddHttpClient(ProviderChain.HttpClientName).AddSmsProviderResilience();
        services.AddSingleton<ProviderBreakers>();
        services.AddSingleton<ProviderChain>();
        services.AddSingleton<DevOutbox>();
        services.AddSingleton<ISmsSender>(sp => sp.GetRequiredService<ProviderChain>());
        services.AddHostedService<ProviderSecretsCheck>();

        // What each SMS says (spec §10.2-§10.4), and the segment budget every template must fit.
        services.AddSingleton<SmsTexts>();
        services.AddHostedService<SmsBudgetCheck>();

        // The two HTTP faces: the API and the hosted pages.
        AddTenantOptions<PagesOptions>(services, configuration, PagesOptions.SectionName);
        services.AddSingleton<IValidateOptions<PagesOptions>, PagesHostValidator>();
        services.AddSingleton<PageTokens>();
        services.AddSingleton<PageHandlers>();
        services.AddSingleton<ReceiptHandler>();
        services.AddSingleton<ReceiptReroute>();

        // Azure Communication Services (spec §14): its sender, its identity, its Event Grid delivery reports.
        services.TryAddSingleton(_ => new Providers.Presets.Acs.AcsCredentials());
        services.AddSingleton<Providers.Presets.Acs.AcsSmsClient>();
        services.AddSingleton<Receipts.EventGrid.AcsDeliveryReportHandler>();
        services.AddSingleton<ApiHandlers>();

        // Tenants' own settings (spec §10.1): names, keys and values checked at start, all failures at once.
        services.AddHostedService<TenantSettingsCheck>();

        // Telemetry (spec §11): the hosts choose the exporters; the local server's options are checked here.
        AddOptions<TelemetryOptions>(services, configuration, TelemetryOptions.SectionName);
        return services;
    }

    /// <summary>
    /// Options a tenant may override (spec §10.1): the global section, a named instance per tenant
    /// (<see cref="TenantConfigureOptions{TOptions}"/>) and <see cref="TenantOptions{TOptions}"/> to ask with the tenant at hand.
    /// </summary>
    private static void AddTenantOptions<TOptions>(IServiceCollection services, IConfiguration configuration, string section)
        where TOptions : class, IValidatedOptions
    {
        AddOptions<TOptions>(services, configuration, section);
        services.AddSingleton<IConfigureOptions<TOptions>>(new TenantConfigureOptions<TOptions>(configuration, section));
        services.AddSingleton<TenantOptions<TOptions>>();
        services.AddSingleton<ITenantOptions>(sp => sp.GetRequiredService<TenantOptions<TOptions>>());
    }

    private static void AddOptions<TOptions>(IServiceCollection services, IConfiguration configuration, string section)
        where TOptions : class, IValidatedOptions
    {
        services.AddOptions<TOptions>().Bind(configuration.GetSection(section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<TOptions>>(new OptionsValidator<TOptions>(section));
    }

    /// <summary>
    /// One long-lived client per storage service (Azure SDK guidance), the store over the users table, and
    /// the provisioner that creates the table and queues (registered first, so it runs first). Every client
    /// fits its retries inside <c>SmsOtp:Storage:TimeoutSeconds</c> (three tries of a third each, less the
    /// 0.3 s of backoff between them), so a storage that does not answer is a 503 within the deadline, never a hang; and a missing
    /// table or queue is an outage (<see cref="MissingResourcePolicy"/>).
    /// </summary>
    private static void AddStorage(IServiceCollection services, IConfiguration configuration)
    {
        AddOptions<StorageOptions>(services, configuration, StorageOptions.SectionName);
        services.AddSingleton<StorageHealth>();
        services.AddSingleton<MissingResourcePolicy>();
        services.AddSingleton<UsersTable>();
        services.AddSingleton<IUserStore, TableUserStore>();
        services.AddHostedService<StorageProvisioner>();
        var connection = StorageConnection.From(configuration);
        services.AddAzureClients(clients =>
        {
            clients.AddClient<TableServiceClient, TableClientOptions>((options, _, sp) =>
            {
                Configure(options, sp);
                return connection.ConnectionString is { } cs
                    ? new TableServiceClient(cs, options)
                    : new TableServiceClient(connection.TableServiceUri!, connection.Credential!, options);
            });
            clients.AddClient<QueueServiceClient, QueueClientOptions>((options, _, sp) =>
            {
                Configure(options, sp);

                // The queue trigger reads Base64 messages.
                options.MessageEncoding = QueueMessageEncoding.Base64;
                return connection.ConnectionString is { } cs
                    ? new QueueServiceClient(cs, options)
                    : new QueueServiceClient(connection.QueueServiceUri!, connection.Credential!, options);
            });
        });
    }

    private static void Configure(ClientOptions options, IServiceProvider services)
    {
        var deadline = services.GetRequiredService<IOptions<StorageOptions>>().Value.Timeout;
        options.Retry.Mode = RetryMode.Exponential;
        options.Retry.MaxRetries = 2;
        options.Retry.Delay = TimeSpan.FromMilliseconds(100);
        options.Retry.MaxDelay = TimeSpan.FromMilliseconds(200);
        options.Retry.NetworkTimeout = TimeSpan.FromTicks(Math.Max(TimeSpan.FromMilliseconds(300).Ticks, (deadline - TimeSpan.FromMilliseconds(300)).Ticks / 3));
        options.AddPolicy(services.GetRequiredService<MissingResourcePolicy>(), HttpPipelinePosition.PerCall);
    }

    /// <summary>
    /// Key Vault (one <see cref="SecretClient"/> for the app's lifetime, behind a refreshing cache) when
    /// <c>SmsOtp:KeyVaultUri</c> is set, else <c>SmsOtp:Secrets:&lt;name&gt;</c> from configuration. A test may
    /// register its own <see cref="SecretClient"/> after this to reach a fake vault.
    /// </summary>
    private static void AddSecrets(IServiceCollection services, IConfiguration configuration)
    {
        AddOptions<SecretOptions>(services, configuration, SecretOptions.SectionName);
        var secrets = configuration.GetSection(SecretOptions.SectionName);
        var vault = secrets[nameof(SecretOptions.KeyVaultUri)];
        if (string.IsNullOrWhiteSpace(vault))
        {
            services.TryAddSingleton<ISecretSource, ConfigurationSecretSource>();
            return;
        }

        services.AddSingleton(_ => new SecretClient(new Uri(vault), KeyVaultSecretSource.CreateCredential(secrets[nameof(SecretOptions.ManagedIdentityClientId)])));
        services.AddSingleton<KeyVaultSecretSource>();
        services.TryAddSingleton<ISecretSource>(sp => ActivatorUtilities.CreateInstance<CachingSecretSource>(sp, sp.GetRequiredService<KeyVaultSecretSource>()));
    }
}
