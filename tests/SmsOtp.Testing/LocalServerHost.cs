using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Logging;
using SmsOtp.LocalServer;

namespace SmsOtp.Testing;

/// <summary>
/// The real local server (Kestrel on a free loopback port) on the shared Azurite, with its own table and
/// queue, driven over real HTTP. Every log record is captured for redaction checks, and every response is
/// validated against the OpenAPI document (<see cref="ContractValidatingHandler"/>).
/// </summary>
public sealed class LocalServerHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private LocalServerHost(WebApplication app, HttpClient client, string table, string queue)
    {
        _app = app;
        Client = client;
        Table = table;
        Queue = queue;
    }

    public HttpClient Client { get; }
    public Uri BaseAddress => Client.BaseAddress!;
    public IServiceProvider Services => _app.Services;
    public FakeLogCollector Logs => _app.Services.GetRequiredService<FakeLogCollector>();
    public string Table { get; }
    public string Queue { get; }

    public static async Task<LocalServerHost> StartAsync(IDictionary<string, string?>? settings = null, Action<WebApplicationBuilder>? configure = null)
    {
        var (table, queue, values) = await TestSettings.CreateAsync(settings, new Dictionary<string, string?> { ["urls"] = "http://127.0.0.1:0" });

        var app = await LocalServerApp.CreateAsync([], builder =>
        {
            builder.Configuration.AddInMemoryCollection(values);
            builder.Logging.ClearProviders().SetMinimumLevel(LogLevel.Trace).AddFakeLogging();
            configure?.Invoke(builder);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        // Every response a test receives is held to the OpenAPI document (a violation fails the call).
        var client = new HttpClient(new ContractValidatingHandler(new HttpClientHandler())) { BaseAddress = new Uri(address.TrimEnd('/') + "/") };
        return new LocalServerHost(app, client, table, queue);
    }

    public async Task<JsonElement> JsonAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public Task<HttpResponseMessage> PostAsync(string path, object body) => Client.PostAsJsonAsync(path, body);

    /// <summary>Waits until the development outbox holds at least <paramref name="count"/> messages.</summary>
    public async Task<JsonElement[]> OutboxAsync(int count, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (true)
        {
            var entries = (await JsonAsync(await Client.GetAsync("api/dev/outbox"))).EnumerateArray().ToArray();
            if (entries.Length >= count || DateTime.UtcNow > deadline)
            {
                return entries;
            }

            await Task.Delay(50);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
