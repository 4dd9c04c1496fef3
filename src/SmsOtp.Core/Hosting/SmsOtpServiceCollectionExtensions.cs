using Azure.Data.Tables;
using Azure.Security.KeyVault.Secrets;
using Azure.Storage.Queues;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using SmsOtp.Core.Audit;
using SmsOtp.Core.Configuration;
using SmsOtp.Core.Delivery;
using SmsOtp.Core.Http;
using SmsOtp.Core.Otp;
using SmsOtp.Core.Pages;
using SmsOtp.Core.Phone;
using SmsOtp.Core.RateLimiting;
using SmsOtp.Core.Secrets;
using SmsOtp.Core.Security;
using SmsOtp.Core.Storage;
using SmsOtp.Core.Users;

namespace SmsOtp.Core.Hosting;

/// <summary>Registers the whole service for either host.</summary>
public static class SmsOtpServiceCollectionExtensions
{
    public static IServiceCollection AddSmsOtp(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SmsOtpOptions>().Bind(configuration.GetSection(SmsOtpOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SmsOtpOptions>, SmsOtpOptionsValidator>();
        services.AddOptions<RateLimitOptions>().Bind(configuration.GetSection(RateLimitOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<RateLimitOptions>, RateLimitOptionsValidator>();
        services.TryAddSingleton(TimeProvider.System);

        // One long-lived client per storage service (Azure SDK guidance).
        var connection = StorageConnection.From(configuration);
        services.AddAzureClients(clients =>
        {
            clients.AddClient<TableServiceClient, TableClientOptions>((options, _, _) => connection.ConnectionString is { } cs
                ? new TableServiceClient(cs, options)
                : new TableServiceClient(connection.TableServiceUri!, connection.Credential!, options));
            clients.AddClient<QueueServiceClient, QueueClientOptions>((options, _, _) =>
            {
                // The queue trigger reads Base64 messages.
                options.MessageEncoding = QueueMessageEncoding.Base64;
                return connection.ConnectionString is { } cs
                    ? new QueueServiceClient(cs, options)
                    : new QueueServiceClient(connection.QueueServiceUri!, connection.Credential!, options);
            });
        });

        AddSecrets(services, configuration);
        services.AddSingleton<ServiceKeys>();
        services.AddSingleton<MobileNumberParser>();
        services.AddSingleton<IUserStore, TableUserStore>();
        services.AddSingleton<DeliverySignal>();
        services.AddSingleton<IDeliveryQueue, StorageDeliveryQueue>();
        services.AddSingleton<NumberSendLimiter>();
        services.AddSingleton<TenantSendLimiter>();
        services.AddSingleton<SendRateLimiter>();
        services.AddSingleton<AuditLog>();
        services.AddSingleton<OtpService>();
        services.AddSingleton<ProfileService>();
        services.AddSingleton<ApiHandlers>();
        services.AddOptions<PagesOptions>().Bind(configuration.GetSection(PagesOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<PagesOptions>, PagesOptionsValidator>();
        services.AddSingleton<PageTokens>();
        services.AddSingleton<PageHandlers>();
        services.TryAddSingleton(_ => QueueHostSettings.Load());
        services.AddSingleton<DeliveryHandler>();
        services.AddSingleton<DevOutbox>();
        services.AddOptions<DeliveryOptions>().Bind(configuration.GetSection(DeliveryOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<DeliveryOptions>, DeliveryOptionsValidator>();
        services.AddHttpClient(ProviderChain.HttpClientName).AddSmsProviderResilience();
        services.AddSingleton<ProviderChain>();
        services.AddSingleton<ISmsSender>(sp => sp.GetRequiredService<IOptions<SmsOtpOptions>>().Value.Providers.Count == 0
            ? sp.GetRequiredService<DevOutbox>()
            : sp.GetRequiredService<ProviderChain>());
        services.AddHostedService<StorageInitializer>();
        services.AddHostedService<ProviderSecretsCheck>();
        return services;
    }

    /// <summary>
    /// Key Vault (one <see cref="SecretClient"/> for the app's lifetime, behind a refreshing cache) when
    /// <c>SmsOtp:KeyVaultUri</c> is set, else <c>SmsOtp:Secrets:&lt;name&gt;</c> from configuration. A test may
    /// register its own <see cref="SecretClient"/> after this to reach a fake vault.
    /// </summary>
    private static void AddSecrets(IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SecretCacheOptions>().Bind(configuration.GetSection(SmsOtpOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SecretCacheOptions>, SecretCacheOptionsValidator>();
        var vault = configuration[$"{SmsOtpOptions.SectionName}:{nameof(SmsOtpOptions.KeyVaultUri)}"];
        if (string.IsNullOrWhiteSpace(vault))
        {
            services.TryAddSingleton<ISecretSource, ConfigurationSecretSource>();
            return;
        }

        services.AddSingleton(_ => new SecretClient(new Uri(vault), KeyVaultSecretSource.CreateCredential(
            configuration[$"{SmsOtpOptions.SectionName}:{nameof(SmsOtpOptions.ManagedIdentityClientId)}"])));
        services.AddSingleton<KeyVaultSecretSource>();
        services.TryAddSingleton<ISecretSource>(sp => ActivatorUtilities.CreateInstance<CachingSecretSource>(sp, sp.GetRequiredService<KeyVaultSecretSource>()));
    }
}
