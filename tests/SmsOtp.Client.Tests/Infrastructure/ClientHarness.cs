using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace SmsOtp.Client.Tests.Infrastructure;

/// <summary>
/// The real local server (on the shared Azurite) and an <see cref="SmsOtpClient"/> registered with
/// <c>AddSmsOtpClient</c> as an app would, with two test handlers on its wire: a <see cref="FaultInjectingHandler"/>
/// under the resilience handler (every attempt) and, as the primary handler, the OpenAPI
/// <see cref="ContractValidatingHandler"/> (every answer the client gets from the server is held to the document).
/// </summary>
public sealed class ClientHarness : IAsyncDisposable
{
    public const string Tenant = "acme";
    public const string Mobile = "+94778888888";

    private ClientHarness(LocalServerHost host, ServiceProvider services, FaultPlan faults)
    {
        Host = host;
        Services = services;
        Faults = faults;
        Client = services.GetRequiredService<SmsOtpClient>();
    }

    public LocalServerHost Host { get; }
    public ServiceProvider Services { get; }
    public FaultPlan Faults { get; }
    public SmsOtpClient Client { get; }

    public static async Task<ClientHarness> StartAsync(Dictionary<string, string?>? settings = null,
        Action<WebApplicationBuilder>? server = null, Action<SmsOtpClientOptions>? options = null)
    {
        var host = await LocalServerHost.StartAsync(settings, server);
        var faults = new FaultPlan();
        var services = new ServiceCollection();
        services.AddSmsOtpClient(o =>
            {
                o.BaseAddress = host.BaseAddress;
                o.FunctionKey = settings?.GetValueOrDefault("SmsOtp:LocalApiKey");
                o.RetryDelay = TimeSpan.FromMilliseconds(1); // no test waits for a backoff
                options?.Invoke(o);
            })
            .AddHttpMessageHandler(() => new FaultInjectingHandler(faults))
            .ConfigurePrimaryHttpMessageHandler(() => new ContractValidatingHandler(new HttpClientHandler()));
        return new ClientHarness(host, services.BuildServiceProvider(validateScopes: true), faults);
    }

    /// <summary>Creates (or updates) a user with the test number.</summary>
    public Task<UserProfile> PutUserAsync(string userId, string? mobile = Mobile) =>
        Client.PutUserAsync(Tenant, userId, new UserUpdate { Mobile = mobile });

    /// <summary>The codes of the development outbox, oldest first, once it holds at least <paramref name="count"/>.</summary>
    public async Task<string[]> CodesAsync(int count)
    {
        var entries = await Host.OutboxAsync(count);
        Assert.True(entries.Length >= count, $"The outbox holds {entries.Length} SMS, expected {count}.");
        return [.. entries.Select(e => e.GetProperty("code").GetString()!)];
    }

    /// <summary>How many SMS the outbox holds after a short while (for "no second SMS" checks).</summary>
    public async Task<int> SmsCountAfterAWhileAsync(int atLeast)
    {
        await Host.OutboxAsync(atLeast);
        // Give a second (wrongly queued) message time to be delivered too: the listener polls quickly.
        return (await Host.OutboxAsync(atLeast + 1, TimeSpan.FromSeconds(3))).Length;
    }

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        await Host.DisposeAsync();
    }
}
