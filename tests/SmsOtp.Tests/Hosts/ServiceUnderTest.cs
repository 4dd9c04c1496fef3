using System.Reflection;
using SmsOtp.Testing.Hosts;

namespace SmsOtp.Tests.Hosts;

/// <summary>
/// One running service, either host, set up the same way: the shared Azurite with its own table and queue, a
/// Twilio-preset provider on WireMock (<see cref="PoisonMobile"/> is refused, so its message
/// poisons), signed receipts behind <see cref="PublicBase"/>, mobile capture on, remembered devices (30 days), one test
/// number (<see cref="TestNumber"/>), and a key. Both clients hold every
/// answer to the OpenAPI document.
/// </summary>
public sealed class ServiceUnderTest : IAsyncDisposable
{
    public const string PublicBase = "https://otp.example.com";
    public const string ReturnUrl = "https://app.example/cb";
    public const string TwilioSid = "AC0123456789abcdef0123456789abcdef";
    public const string TwilioToken = "twilio-auth-token-value";
    public const string MessageSid = "SM0a1b2c3d4e5f60718293a4b5c6d7e8f9";
    public const string PoisonMobile = "+94770000099";

    /// <summary>A test number (spec §15.2): its code is fixed and no SMS is sent to it.</summary>
    public const string TestNumber = "+94770000042";
    public const string TestNumberCode = "482916";

    private readonly Func<ValueTask> _dispose;
    private readonly Func<int> _logEntries;

    private ServiceUnderTest(HostKind kind, string description, Uri baseAddress, string key, bool enforcesKeys, WireMockServer provider, string queue,
        Func<int> logEntries, Func<string> logTail, Func<ValueTask> dispose)
    {
        Kind = kind;
        Description = description;
        Key = key;
        EnforcesKeys = enforcesKeys;
        Provider = provider;
        Queue = queue;
        _logEntries = logEntries;
        LogTail = logTail;
        _dispose = dispose;
        KeyedHandler = new ContractValidatingHandler(new HttpClientHandler());
        Client = new HttpClient(KeyedHandler) { BaseAddress = baseAddress };
        Client.DefaultRequestHeaders.Add("x-functions-key", key);
        AnonymousHandler = new ContractValidatingHandler(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new System.Net.CookieContainer() });
        Anonymous = new HttpClient(AnonymousHandler) { BaseAddress = baseAddress };
    }

    public HostKind Kind { get; }
    public string Description { get; }
    public string Key { get; }
    public bool EnforcesKeys { get; }
    public WireMockServer Provider { get; }
    public string Queue { get; }
    public Func<string> LogTail { get; }

    /// <summary>With the key in <c>x-functions-key</c>.</summary>
    public HttpClient Client { get; }

    /// <summary>Without a key, no redirects followed, with cookies (a browser on the hosted pages).</summary>
    public HttpClient Anonymous { get; }

    public ContractValidatingHandler KeyedHandler { get; }
    public ContractValidatingHandler AnonymousHandler { get; }
    public Uri BaseAddress => Client.BaseAddress!;

    /// <summary>Log entries written so far at Information and above (what a console or Application Insights receives).</summary>
    public int LogEntries => _logEntries();

    /// <summary>The Functions app's build output (the host's script root and worker directory).</summary>
    public static string FunctionsAppOutput => Path.GetDirectoryName(typeof(ServiceUnderTest).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "FunctionsMetadataPath").Value!)!;

    public static async Task<ServiceUnderTest> StartAsync(HostKind kind, IDictionary<string, string?>? extra = null)
    {
        var provider = StartProvider();
        var key = "k" + Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16)).ToLowerInvariant();
        var settings = new Dictionary<string, string?>
        {
            ["SmsOtp:Mandatory"] = "true",
            ["SmsOtp:SendOtpDirectlyToMobile"] = "true",
            ["SmsOtp:ResendCooldownSeconds"] = "0",
            ["SmsOtp:Delivery:PublicBaseUrl"] = PublicBase,
            ["SmsOtp:Delivery:RetryCount"] = "0",
            ["SmsOtp:Providers:0:Preset"] = "twilio",
            ["SmsOtp:Providers:0:BaseUrl"] = provider.Url,
            ["SmsOtp:Providers:0:From"] = "+15005550006",
            ["SmsOtp:Secrets:twilio-account-sid"] = TwilioSid,
            ["SmsOtp:Secrets:twilio-auth-token"] = TwilioToken,
            ["SmsOtp:Pages:AllowedReturnUrls:0"] = ReturnUrl,
            ["SmsOtp:TrustedDevices:Days"] = "30",
            ["SmsOtp:TestNumbers:0:Number"] = TestNumber,
            ["SmsOtp:TestNumbers:0:Code"] = TestNumberCode,
        };
        foreach (var (k, v) in extra ?? new Dictionary<string, string?>())
        {
            settings[k] = v;
        }

        try
        {
            return kind == HostKind.LocalServer
                ? await StartLocalServerAsync(settings, key, provider)
                : await StartFunctionsHostAsync(settings, provider);
        }
        catch
        {
            provider.Dispose();
            throw;
        }
    }

    private static async Task<ServiceUnderTest> StartLocalServerAsync(Dictionary<string, string?> settings, string key, WireMockServer provider)
    {
        settings["SmsOtp:LocalApiKey"] = key;
        var server = await LocalServerHost.StartAsync(settings);
        return new ServiceUnderTest(HostKind.LocalServer, "the local server", server.BaseAddress, key, enforcesKeys: true, provider, server.Queue,
            () => server.Logs.GetSnapshot().Count(r => r.Level >= LogLevel.Information),
            () => string.Join('\n', server.Logs.GetSnapshot().TakeLast(40).Select(r => $"{r.Level} {r.Category}: {r.Message}")),
            async () => await server.DisposeAsync());
    }

    private static async Task<ServiceUnderTest> StartFunctionsHostAsync(Dictionary<string, string?> settings, WireMockServer provider)
    {
        var port = FunctionsHostProcess.FreePort();
        var (command, reason) = FunctionsHostCommand.Find(FunctionsAppOutput, port);
        if (command is null)
        {
            throw new InvalidOperationException(reason);
        }

        var (table, queue) = TestNames.Next();
        if (!settings.ContainsKey("AzureWebJobsStorage"))
        {
            settings["AzureWebJobsStorage"] = await SharedAzurite.ConnectionStringAsync();
        }

        settings["SmsOtp:Storage:UsersTable"] = table;
        settings["SmsOtp:Storage:FraudGuardTable"] = table.Replace("users", "fraudguard", StringComparison.Ordinal);
        settings["SmsOtp:Storage:DeliveryQueue"] = queue;
        var host = await FunctionsHostProcess.StartAsync(command, FunctionsAppOutput, port, settings);
        return new ServiceUnderTest(HostKind.FunctionsHost, "the Functions host: " + command.Description, host.BaseAddress, host.FunctionKey,
            enforcesKeys: command.FileName == "dotnet", provider, queue,
            () => host.Lines.Count(IsLogEntry),
            () => host.Tail(60),
            async () => await host.DisposeAsync());
    }

    /// <summary>The console logger writes an entry as "info: Category[id]" and its message on the next line(s).</summary>
    private static bool IsLogEntry(string line) =>
        line.StartsWith("info: ", StringComparison.Ordinal) || line.StartsWith("warn: ", StringComparison.Ordinal)
        || line.StartsWith("fail: ", StringComparison.Ordinal) || line.StartsWith("crit: ", StringComparison.Ordinal);

    private static WireMockServer StartProvider()
    {
        var provider = WireMockServer.Start();
        provider.Given(Request.Create().UsingPost().WithBody(b => b != null && b.Contains(PoisonMobile[1..], StringComparison.Ordinal)))
            .AtPriority(1)
            .RespondWith(Response.Create().WithStatusCode(400).WithHeader("Content-Type", "application/json").WithBody("""{"code":21211,"message":"invalid To"}"""));
        provider.Given(Request.Create().UsingPost()).AtPriority(10)
            .RespondWith(Response.Create().WithStatusCode(201).WithHeader("Content-Type", "application/json")
                .WithBody($$"""{"sid":"{{MessageSid}}","status":"queued"}"""));
        return provider;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        Anonymous.Dispose();
        await _dispose();
        Provider.Dispose();
    }
}
