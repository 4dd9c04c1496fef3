using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Testing;
using SmsOtp.Core.Hosting;
using WireMock.Logging;

namespace SmsOtp.Tests.Delivery;

/// <summary>Shared pieces of the delivery tests: real provider chains, the harness's keys, raw queue reads.</summary>
public static class DeliveryKit
{
    public const string Mobile = "+94778888888";

    /// <summary>A message template with every character that needs escaping somewhere, and non-ASCII text.</summary>
    public const string Template = "Código {code}: \"a&b\" +100% #1 ü 日本";

    /// <summary>The queue key <see cref="ServiceHarness"/> configures.</summary>
    public static byte[] HarnessQueueKey { get; } = [.. new byte[32].Select((_, i) => (byte)(i + 100))];

    /// <summary>Replaces the harness's capturing sender with the real provider chain.</summary>
    public static void UseProviderChain(IServiceCollection services) =>
        services.AddSingleton<ISmsSender>(sp => sp.GetRequiredService<ProviderChain>());

    /// <summary>The real provider chain from the service's own registration, on the system clock (real retry delays).</summary>
    public static ServiceProvider ChainServices(IDictionary<string, string?> settings, Action<IServiceCollection>? configure = null)
    {
        var values = new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true",
            ["SmsOtp:Delivery:RetryBaseDelayMilliseconds"] = "1",
            ["SmsOtp:Delivery:RetryMaxDelayMilliseconds"] = "5",
        };
        foreach (var (k, v) in settings)
        {
            values[k] = v;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddSingleton<IHostEnvironment>(new HostingEnvironment { EnvironmentName = Environments.Development });
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Trace)).AddFakeLogging();
        services.AddSmsOtp(configuration);
        configure?.Invoke(services);
        return services.BuildServiceProvider();
    }

    public static string LogText(IServiceProvider services) =>
        string.Join("\n", services.GetRequiredService<FakeLogCollector>().GetSnapshot().Select(r => r.Message + " " + r.Exception));

    /// <summary>An SMS to hand a provider directly: the content of some code to <paramref name="to"/>, and its text.</summary>
    public static SmsMessage Sms(string to, string text, string code) => new(new SmsContent("challenge-nonce", to, code), text);

    /// <summary>Peeks the only queued message and opens it with the harness's key: the code it carries.</summary>
    public static async Task<string> PeekCodeAsync(ServiceHarness h)
    {
        var peeked = Assert.Single((await h.QueueClient.PeekMessagesAsync(32)).Value);
        var message = JsonSerializer.Deserialize<DeliveryMessage>(peeked.MessageText)!;
        var plain = PayloadCipher.Decrypt(HarnessQueueKey, message.Sealed, message.AssociatedData)!;
        return JsonSerializer.Deserialize<SmsContent>(plain)!.Code;
    }

    /// <summary>The request body as the provider received it (UTF-8).</summary>
    public static string Body(ILogEntry entry) =>
        entry.RequestMessage.BodyAsBytes is { } bytes ? Encoding.UTF8.GetString(bytes) : entry.RequestMessage.Body ?? "";

    public static string Header(ILogEntry entry, string name) =>
        entry.RequestMessage.Headers!.First(h => h.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).Value.ToString()!;

    public static string Basic(string user, string password) => "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(user + ":" + password));

    /// <summary>A raw client on the harness's queue: the bytes as stored, without the SDK's Base64 decoding.</summary>
    public static QueueClient RawQueue(ServiceHarness h, string connectionString) => new(connectionString, h.Queue);

    private sealed class HostingEnvironment : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = Environments.Development;
        public string ApplicationName { get; set; } = "SmsOtp.Tests";
        public string ContentRootPath { get; set; } = AppContext.BaseDirectory;
        public Microsoft.Extensions.FileProviders.IFileProvider ContentRootFileProvider { get; set; } = new Microsoft.Extensions.FileProviders.NullFileProvider();
    }
}
