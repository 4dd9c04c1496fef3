using Microsoft.Playwright;

namespace SmsOtp.Browser.Tests.Infrastructure;

/// <summary>
/// One headless Chromium for the run: Debian's <c>/usr/bin/chromium</c> (installed by .ci/install-browser),
/// driven by Playwright's bundled driver; Playwright's own browser download is never used. Each test
/// gets its own context (cookies, storage), so tests stay independent while sharing the process.
/// </summary>
public static class SharedBrowser
{
    public const string DefaultExecutable = "/usr/bin/chromium";
    private static readonly Lazy<Task<IBrowser>> Instance = new(StartAsync);

    public static Task<IBrowser> GetAsync() => Instance.Value;

    /// <summary>
    /// A context of the shared browser whose waits allow 60 s instead of Playwright's 30: `dotnet test` on the solution
    /// runs every test project at once, and on a 2-core CI a first sign-in (JIT of the service and the sample) once took
    /// longer than 30 s while the other projects' tests ran.
    /// </summary>
    public static async Task<IBrowserContext> NewContextAsync(BrowserNewContextOptions options)
    {
        var context = await (await GetAsync().ConfigureAwait(false)).NewContextAsync(options).ConfigureAwait(false);
        context.SetDefaultTimeout(60_000);
        context.SetDefaultNavigationTimeout(60_000);
        return context;
    }

    private static async Task<IBrowser> StartAsync()
    {
        var playwright = await Playwright.CreateAsync().ConfigureAwait(false);
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("SMSOTP_CHROMIUM") ?? DefaultExecutable,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync"],
        }).ConfigureAwait(false);
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            browser.CloseAsync().GetAwaiter().GetResult();
            playwright.Dispose();
        };
        return browser;
    }
}
