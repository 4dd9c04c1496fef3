using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Playwright;

namespace SmsOtp.Browser.Tests.Infrastructure;

/// <summary>
/// The real local server (<see cref="LocalServerHost"/>: Kestrel on a free loopback port, the shared Azurite)
/// with a fake clock, no SMS provider (codes come from <c>GET /api/dev/outbox</c>), the pages allowed to
/// return to <see cref="ReturnUrl"/>, and a browser context in which that app origin is answered by
/// Playwright itself (no network).
/// </summary>
public sealed class PagesServer : IAsyncDisposable
{
    public const string AppOrigin = "https://app.example";
    public const string ReturnUrl = AppOrigin + "/signin/callback";
    public const string AppName = "Acme Sign-in";
    public const string Mobile = "+94778888888";

    private readonly LocalServerHost _host;

    private PagesServer(LocalServerHost host, FakeTimeProvider time, IBrowserContext context)
    {
        _host = host;
        Time = time;
        Context = context;
    }

    public HttpClient Client => _host.Client;
    public FakeTimeProvider Time { get; }
    public IBrowserContext Context { get; }
    public Uri BaseAddress => _host.BaseAddress;
    public FakeLogCollector Logs => _host.Logs;

    public static async Task<PagesServer> StartAsync(IDictionary<string, string?>? settings = null, bool javaScript = true)
    {
        var values = new Dictionary<string, string?>
        {
            ["SmsOtp:Pages:AllowedReturnUrls:0"] = ReturnUrl,
            ["SmsOtp:Pages:AppName"] = AppName,
        };
        foreach (var (k, v) in settings ?? new Dictionary<string, string?>())
        {
            values[k] = v;
        }

        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 8, 0, 0, TimeSpan.Zero));
        var host = await LocalServerHost.StartAsync(values, builder => builder.Services.AddSingleton<TimeProvider>(time));

        var context = await SharedBrowser.NewContextAsync(new BrowserNewContextOptions
        {
            JavaScriptEnabled = javaScript,
            ViewportSize = new ViewportSize { Width = 420, Height = 760 },
            DeviceScaleFactor = 1,
        });

        // The app the pages return to: answered here, so its URL (with result= or error=) can be read.
        await context.RouteAsync(AppOrigin + "/**", route => route.FulfillAsync(new RouteFulfillOptions
        {
            Status = 200,
            ContentType = "text/html",
            Body = "<!doctype html><title>App</title><p>Back at the app.</p>",
        }));
        return new PagesServer(host, time, context);
    }

    public async Task CreateUserAsync(string userId, string? mobile = Mobile)
    {
        var body = mobile is null ? (object)new { } : new { mobile };
        var response = await Client.PutAsJsonAsync("api/users?tenant=acme&userId=" + Uri.EscapeDataString(userId), body);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Sends with a return URL; returns the whole response body.</summary>
    public async Task<JsonElement> SendAsync(string userId, string returnUrl = ReturnUrl, string? locale = null)
    {
        var response = await Client.PostAsJsonAsync("api/otp/send", new { tenant = "acme", userId, returnUrl, locale });
        var body = await JsonAsync(response);
        Assert.True(response.IsSuccessStatusCode, body.ToString());
        return body;
    }

    public async Task<HttpResponseMessage> RedeemAsync(string result) =>
        await Client.PostAsJsonAsync("api/otp/result", new { result });

    /// <summary>The code of the <paramref name="count"/>-th SMS, waiting for the queue listener to deliver it.</summary>
    public async Task<string> CodeAsync(int count = 1)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (true)
        {
            var entries = (await JsonAsync(await Client.GetAsync("api/dev/outbox"))).EnumerateArray().ToArray();
            if (entries.Length >= count)
            {
                return entries[count - 1].GetProperty("code").GetString()!;
            }

            Assert.True(DateTime.UtcNow < deadline, $"SMS {count} was not delivered.");
            await Task.Delay(50);
        }
    }

    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();

    /// <summary>The query parameter the pages put on the return URL.</summary>
    public static string? Query(string url, string name)
    {
        var query = new Uri(url).Query.TrimStart('?');
        foreach (var pair in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = pair.Split('=', 2);
            if (parts[0] == name)
            {
                return Uri.UnescapeDataString(parts.Length > 1 ? parts[1] : "");
            }
        }

        return null;
    }

    public async ValueTask DisposeAsync()
    {
        await Context.CloseAsync();
        await _host.DisposeAsync();
    }
}
