using Azure.Storage.Queues.Models;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using SmsOtp.Core.Hosting;

namespace SmsOtp.Tests.Infrastructure;

/// <summary>
/// The service's real components on real Azurite, without HTTP: the DI graph the hosts use, a fake
/// clock, a capturing SMS sender, and helpers to drain the delivery queue through the real handler.
/// </summary>
public sealed class ServiceHarness : IAsyncDisposable
{
    private readonly ServiceProvider _provider;

    private ServiceHarness(ServiceProvider provider, string table, string queue)
    {
        _provider = provider;
        Table = table;
        Queue = queue;
    }

    public FakeTimeProvider Time => (FakeTimeProvider)_provider.GetRequiredService<TimeProvider>();
    public CapturingSender Sender => (CapturingSender)_provider.GetRequiredService<ISmsSender>();
    public FakeLogCollector Logs => _provider.GetRequiredService<FakeLogCollector>();
    public OtpService Otp => _provider.GetRequiredService<OtpService>();
    public ProfileService Profiles => _provider.GetRequiredService<ProfileService>();
    public DeliveryHandler Delivery => _provider.GetRequiredService<DeliveryHandler>();
    public IServiceProvider Services => _provider;
    public string Table { get; }
    public string Queue { get; }

    public TableClient TableClient => _provider.GetRequiredService<TableServiceClient>().GetTableClient(Table);
    public QueueClient QueueClient => _provider.GetRequiredService<QueueServiceClient>().GetQueueClient(Queue);

    public static async Task<ServiceHarness> CreateAsync(IDictionary<string, string?>? settings = null, Action<IServiceCollection>? configure = null)
    {
        var (table, queue, values) = await TestSettings.CreateAsync(settings, new Dictionary<string, string?>
        {
            ["SmsOtp:Secrets:otp-hmac-key"] = Convert.ToBase64String(new byte[32].Select((_, i) => (byte)i).ToArray()),
            ["SmsOtp:Secrets:queue-encryption-key"] = Convert.ToBase64String(new byte[32].Select((_, i) => (byte)(i + 100)).ToArray()),
        });

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddSingleton<IHostEnvironment>(new TestEnvironment());
        services.AddSingleton<TimeProvider>(new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 8, 0, 0, TimeSpan.Zero)));
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Trace)).AddFakeLogging();
        services.AddSmsOtp(configuration);
        services.AddSingleton<ISmsSender, CapturingSender>();
        configure?.Invoke(services);
        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
        foreach (var hosted in provider.GetServices<IHostedService>())
        {
            await hosted.StartAsync(CancellationToken.None);
        }

        return new ServiceHarness(provider, table, queue);
    }

    public Task<ProfileResponse> CreateUserAsync(string userId, string? mobile = "+94778888888", string tenant = "default") =>
        CreateUserAsync(new UserKey(tenant, userId), mobile);

    public async Task<ProfileResponse> CreateUserAsync(UserKey user, string? mobile = "+94778888888")
    {
        var result = await Profiles.PutAsync(user, new ProfileUpdate(mobile, false, null), CancellationToken.None);
        return result.Value ?? throw new InvalidOperationException(result.Problem!.Detail);
    }

    /// <summary>Receives every queued message and runs the delivery handler on it, as the trigger would.</summary>
    public async Task<int> DeliverAllAsync()
    {
        var count = 0;
        while (true)
        {
            var batch = (await QueueClient.ReceiveMessagesAsync(32, TimeSpan.FromMinutes(5))).Value;
            if (batch.Length == 0)
            {
                return count;
            }

            foreach (var m in batch)
            {
                await Delivery.HandleAsync(m.MessageText, m.DequeueCount, CancellationToken.None);
                await QueueClient.DeleteMessageAsync(m.MessageId, m.PopReceipt);
                count++;
            }
        }
    }

    public async Task<QueueMessage[]> ReceiveAsync(int max = 32) => (await QueueClient.ReceiveMessagesAsync(max, TimeSpan.FromMinutes(5))).Value;

    /// <summary>The code of the last SMS captured, read from its text.</summary>
    public string LastCode() => Sender.Sent.Last().Code;

    /// <summary>Sends to a user and delivers, returning the challenge and the code the user received.</summary>
    public async Task<(ChallengeId ChallengeId, string Code)> SendAndDeliverAsync(UserKey user)
    {
        var sent = await Otp.SendAsync(user, CancellationToken.None);
        Assert.Equal(OtpStatuses.Sent, sent.Value?.Status);
        await DeliverAllAsync();
        return (sent.Value!.ChallengeId!, LastCode());
    }

    /// <summary>A numeric code that is certainly not <paramref name="code"/>.</summary>
    public static string Wrong(string? code) => code == "000000" ? "111111" : "000000";

    public async ValueTask DisposeAsync()
    {
        await TableClient.DeleteAsync();
        await _provider.GetRequiredService<TableServiceClient>()
            .GetTableClient(_provider.GetRequiredService<Microsoft.Extensions.Options.IOptions<SmsOtp.Core.Storage.StorageOptions>>().Value.FraudGuardTable).DeleteAsync();
        await QueueClient.DeleteIfExistsAsync();
        await _provider.DisposeAsync();
    }

    private sealed class TestEnvironment : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = Environments.Development;
        public string ApplicationName { get; set; } = "SmsOtp.Tests";
        public string ContentRootPath { get; set; } = AppContext.BaseDirectory;
        public Microsoft.Extensions.FileProviders.IFileProvider ContentRootFileProvider { get; set; } = new Microsoft.Extensions.FileProviders.NullFileProvider();
    }
}
