using System.Security.Cryptography;
using Azure.Core;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SmsOtp.Core.Delivery;
using SmsOtp.Core.FraudGuard;
using SmsOtp.Core.Otp.Issuing;
using SmsOtp.Core.Security;
using SmsOtp.Core.Storage;
using SmsOtp.LocalServer;

namespace SmsOtp.Benchmarks;

/// <summary>
/// The service under test: the local server in this process (real Kestrel, real queue listener, the
/// storage counter in its Azure SDK clients), or a running server at <c>--url</c>.
/// </summary>
public sealed class ServiceTarget : IAsyncDisposable
{
    private readonly WebApplication? _app;

    private ServiceTarget(WebApplication? app, HttpClient client, StorageTransactionCounter? counter, WakeSwitch? wake,
        StorageTransactionCounter? guardCounter = null)
    {
        _app = app;
        Client = client;
        Counter = counter;
        Wake = wake;
        GuardCounter = guardCounter;
    }

    /// <summary>
    /// The fraud guard's background sync (its own table, never on a request's path), counted apart from
    /// <see cref="Counter"/>: a cost per <c>FlushSeconds</c> and instance, not per login. Null when the server runs in another process.
    /// </summary>
    public StorageTransactionCounter? GuardCounter { get; }

    /// <summary>The server's services (null when it runs in another process).</summary>
    public IServiceProvider? Services => _app?.Services;

    public HttpClient Client { get; }

    /// <summary>Null when the server runs in another process.</summary>
    public StorageTransactionCounter? Counter { get; }

    /// <summary>Null when the server runs in another process.</summary>
    public WakeSwitch? Wake { get; }

    public static ServiceTarget Remote(Uri url, string? apiKey) => new(null, CreateClient(url, apiKey), null, null);

    public static async Task<ServiceTarget> StartInProcessAsync(string storage, string table, string queue, Uri providerUrl,
        IReadOnlyDictionary<string, string?> extra, CancellationToken cancellationToken) =>
        await StartInProcessAsync(storage, table, queue, providerUrl, extra,
            logging => logging.AddSimpleConsole(c => c.SingleLine = true).SetMinimumLevel(LogLevel.Warning), cancellationToken).ConfigureAwait(false);

    /// <param name="logging">Where the server logs (its providers are cleared first).</param>
    public static async Task<ServiceTarget> StartInProcessAsync(string storage, string table, string queue, Uri providerUrl,
        IReadOnlyDictionary<string, string?> extra, Action<ILoggingBuilder> logging, CancellationToken cancellationToken)
    {
        var counter = new StorageTransactionCounter();
        var guardCounter = new StorageTransactionCounter();
        var wake = new WakeSwitch();
        var values = Settings(storage, table, queue, providerUrl, extra);

        var app = await LocalServerApp.CreateAsync([], builder =>
        {
            builder.Configuration.AddInMemoryCollection(values);
            logging(builder.Logging.ClearProviders());

            // Every Azure client that AddSmsOtp registers through AddAzureClients takes the global defaults.
            builder.Services.AddAzureClients(clients => clients.ConfigureDefaults(o => o.AddPolicy(counter, HttpPipelinePosition.PerRetry)));
            builder.Services.AddSingleton(wake);
            builder.Host.UseServiceProviderFactory(new PostConfigureServiceProviderFactory(services =>
            {
                services.AddSingleton<IDeliveryQueue>(sp => new SwitchableDeliveryQueue(
                    new StorageDeliveryQueue(sp.GetRequiredService<QueueServiceClient>(), sp.GetRequiredService<IOptions<StorageOptions>>(),
                        sp.GetRequiredService<ServiceKeys>(), new DeliverySignal(), sp.GetRequiredService<TimeProvider>()),
                    sp.GetRequiredService<DeliverySignal>(),
                    sp.GetRequiredService<WakeSwitch>()));

                // The fraud guard's table through a client of its own, so its background sync is counted apart.
                var guardTables = new TableClientOptions();
                guardTables.AddPolicy(guardCounter, HttpPipelinePosition.PerRetry);
                services.AddSingleton(sp => new FraudGuardStore(new TableServiceClient(storage, guardTables), sp.GetRequiredService<IOptions<StorageOptions>>()));
            }));
        }).ConfigureAwait(false);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var apiKey = values.GetValueOrDefault("SmsOtp:LocalApiKey");
        return new ServiceTarget(app, CreateClient(new Uri(address.TrimEnd('/') + "/"), apiKey), counter, wake, guardCounter);
    }

    /// <summary>The service's configuration in every run of the benchmark (in process, or a child process in the cold-start phase).</summary>
    public static Dictionary<string, string?> Settings(string storage, string table, string queue, Uri providerUrl,
        IReadOnlyDictionary<string, string?> extra)
    {
        var values = new Dictionary<string, string?>
        {
            ["urls"] = "http://127.0.0.1:0",
            ["AzureWebJobsStorage"] = storage,
            ["SmsOtp:Storage:UsersTable"] = table,
            ["SmsOtp:Storage:FraudGuardTable"] = table.Replace("users", "fraudguard", StringComparison.Ordinal), // the fraud guard's shared counts, per test like the users table
            ["SmsOtp:Storage:DeliveryQueue"] = queue,
            ["SmsOtp:Providers:0:Name"] = "bench-provider",
            ["SmsOtp:Providers:0:Url"] = providerUrl.ToString(),
            ["SmsOtp:Providers:0:Method"] = "POST",
            ["SmsOtp:Providers:0:Payload"] = FakeSmsProvider.PayloadTemplate,
            // Fresh keys for the run, so the service does not fall back to (and warn about) development keys.
            ["SmsOtp:Secrets:otp-hmac-key"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["SmsOtp:Secrets:queue-encryption-key"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),

            // Every limit stays on; the tenant's cost ceiling is raised to what a tenant at this volume would
            // set (all virtual users share one tenant and the default 1,000 a minute is below the load).
            ["SmsOtp:RateLimits:SendsPerTenantPerMinute"] = "1000000",

            // Remembered devices on, for their own section; a login without a device token is unchanged by it.
            ["SmsOtp:TrustedDevices:Days"] = "30",
        };
        foreach (var (key, value) in extra)
        {
            values[key] = value;
        }

        return values;
    }

    public static HttpClient CreateClient(Uri baseAddress, string? apiKey)
    {
        var handler = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(10), MaxConnectionsPerServer = 256 };
        var client = new HttpClient(handler) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };
        if (!string.IsNullOrEmpty(apiKey))
        {
            client.DefaultRequestHeaders.Add("x-functions-key", apiKey);
        }

        return client;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync().ConfigureAwait(false);
            await _app.DisposeAsync().ConfigureAwait(false);
        }
    }
}
