using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Playwright;
using SmsOtp.Browser.Tests.Infrastructure;
using SmsOtp.Client;
using SmsOtp.Sample;
using SmsOtp.Sample.Users;

namespace SmsOtp.Browser.Tests.Sample;

/// <summary>
/// The sample app (samples/SmsOtp.Sample) on Kestrel on a free loopback port, next to the real local server
/// (<see cref="LocalServerHost"/>, the development outbox for codes) configured as the <c>sample</c> launch profile of the local server configures
/// it: an API key, the sample's tenant mandatory (so a user without a number is asked for one), and the sample's
/// callback allowed as a return URL. Both share one fake clock; every answer the sample's
/// <see cref="SmsOtpClient"/> receives is held to the OpenAPI document.
/// </summary>
public sealed class SampleServer : IAsyncDisposable
{
    public const string Tenant = "sample";
    public const string ApiKey = "sample-test-key";
    public const string Password = DemoUserStore.DemoPassword;

    private readonly WebApplication _app;

    private SampleServer(LocalServerHost service, WebApplication app, Uri address, FakeTimeProvider time, IBrowserContext context)
    {
        Service = service;
        _app = app;
        Address = address;
        Time = time;
        Context = context;
    }

    public LocalServerHost Service { get; }
    public Uri Address { get; }
    public FakeTimeProvider Time { get; }
    public IBrowserContext Context { get; }

    public static async Task<SampleServer> StartAsync()
    {
        // The service must know the sample's return URL when it starts, so the sample's port is chosen first.
        var address = new Uri($"http://127.0.0.1:{FreePort()}/");
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 8, 0, 0, TimeSpan.Zero));
        var service = await LocalServerHost.StartAsync(new Dictionary<string, string?>
        {
            ["SmsOtp:LocalApiKey"] = ApiKey,
            [$"SmsOtp:Tenants:{Tenant}:Mandatory"] = "true",
            [$"SmsOtp:Tenants:{Tenant}:TrustedDevices:Days"] = "30",
            [$"SmsOtp:Tenants:{Tenant}:Pages:AllowedReturnUrls:0"] = new Uri(address, "signin/callback").AbsoluteUri,
        }, builder => builder.Services.AddSingleton<TimeProvider>(time));
        service.Client.DefaultRequestHeaders.Add("x-functions-key", ApiKey);

        var app = SampleApp.Create([], builder =>
        {
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["urls"] = address.AbsoluteUri.TrimEnd('/'),
                ["SmsOtp:BaseAddress"] = service.BaseAddress.AbsoluteUri,
                ["SmsOtp:FunctionKey"] = ApiKey,
                ["SmsOtp:Tenant"] = Tenant,
            });
            builder.Logging.ClearProviders();
            builder.Services.AddSingleton<TimeProvider>(time);
            builder.Services.AddHttpClient<SmsOtpClient>()
                .ConfigurePrimaryHttpMessageHandler(() => new ContractValidatingHandler(new SocketsHttpHandler()));
        });
        await app.StartAsync();

        var context = await SharedBrowser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = address.AbsoluteUri,
            ViewportSize = new ViewportSize { Width = 420, Height = 760 },
            DeviceScaleFactor = 1,
        });
        return new SampleServer(service, app, address, time, context);
    }

    /// <summary>Opens the sign-in page, types the password and presses one of the two sign-in buttons.</summary>
    public async Task<IPage> SignInAsync(string userName, bool hosted = false)
    {
        var page = await Context.NewPageAsync();
        await page.GotoAsync("/signin");
        await SignInOnAsync(page, userName, hosted);
        return page;
    }

    public static async Task SignInOnAsync(IPage page, string userName, bool hosted = false)
    {
        await page.GetByLabel("User name").FillAsync(userName);
        await page.GetByLabel("Password").FillAsync(Password);
        var button = hosted ? "Sign in with the service's pages" : "Sign in";
        await page.GetByRole(AriaRole.Button, new() { Name = button, Exact = true }).ClickAsync();
    }

    /// <summary>Waits for the home page; on a timeout, fails with the page the browser is on instead (its message says why).</summary>
    public async Task WaitForHomeAsync(IPage page)
    {
        try
        {
            // The home page's address and its document are what a sign-in ends with; its subresources' "load" can
            // lag for seconds on a machine running every test project at once, and is no part of the flow.
            await page.WaitForURLAsync(Address.AbsoluteUri, new() { Timeout = 30_000, WaitUntil = WaitUntilState.DOMContentLoaded });
        }
        catch (TimeoutException)
        {
            Assert.Fail($"Still at {page.Url}: {await page.Locator("body").InnerTextAsync()}");
        }
    }

    /// <summary>The code of the <paramref name="count"/>-th SMS, waiting for the queue listener to deliver it.</summary>
    public async Task<string> CodeAsync(int count)
    {
        var entries = await Service.OutboxAsync(count);
        Assert.True(entries.Length >= count, $"SMS {count} was not delivered.");
        return entries[count - 1].GetProperty("code").GetString()!;
    }

    /// <summary>The user's profile at the service, read as an operator would.</summary>
    public async Task<JsonElement> ProfileAsync(string userId) =>
        await Service.JsonAsync(await Service.Client.GetAsync($"api/users?tenant={Tenant}&userId={Uri.EscapeDataString(userId)}"));

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        await Context.CloseAsync();
        await _app.StopAsync();
        await _app.DisposeAsync();
        await Service.DisposeAsync();
    }
}
