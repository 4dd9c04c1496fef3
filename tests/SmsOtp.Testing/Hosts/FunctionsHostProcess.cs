using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace SmsOtp.Testing.Hosts;

/// <summary>
/// The Azure Functions host (v4) as a child process over the Functions app's build output, on a free loopback
/// port, with a function key of its own (file secrets) and the settings as environment variables, the way the
/// platform passes app settings. Every line the host writes (its own and the worker's) is kept and counted.
/// </summary>
public sealed class FunctionsHostProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _secrets;
    private readonly ConcurrentQueue<string> _lines;

    private FunctionsHostProcess(Process process, ConcurrentQueue<string> lines, string secrets, Uri baseAddress, string functionKey, FunctionsHostCommand command)
    {
        _process = process;
        _lines = lines;
        _secrets = secrets;
        BaseAddress = baseAddress;
        FunctionKey = functionKey;
        Command = command;
    }

    public Uri BaseAddress { get; }
    public string FunctionKey { get; }
    public FunctionsHostCommand Command { get; }
    public int ProcessId => _process.Id;
    public bool HasExited => _process.HasExited;

    /// <summary>Every line the host wrote to its console so far (stdout and stderr).</summary>
    public IReadOnlyCollection<string> Lines => _lines;

    /// <param name="scriptRoot">The Functions app's build output (holds functions.metadata and the worker).</param>
    /// <param name="settings">App settings in configuration form (<c>SmsOtp:Storage:DeliveryQueue</c>); passed as <c>SmsOtp__Storage__DeliveryQueue</c>.</param>
    public static async Task<FunctionsHostProcess> StartAsync(FunctionsHostCommand command, string scriptRoot, int port, IReadOnlyDictionary<string, string?> settings, TimeSpan? timeout = null)
    {
        scriptRoot = Path.GetFullPath(scriptRoot);
        var functionKey = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24)).ToLowerInvariant();
        // An absolute path: the host's working directory is its own folder, and a relative one gives 401 on every keyed call.
        var secrets = Path.Combine(Path.GetTempPath(), "smsotp-host-secrets-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(secrets);
        await File.WriteAllTextAsync(Path.Combine(secrets, "host.json"), JsonSerializer.Serialize(new
        {
            masterKey = new { name = "master", value = "m" + functionKey, encrypted = false },
            functionKeys = new[] { new { name = "default", value = functionKey, encrypted = false } },
            systemKeys = Array.Empty<object>(),
        })).ConfigureAwait(false);

        var info = new ProcessStartInfo(command.FileName)
        {
            WorkingDirectory = command.WorkingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in command.Arguments)
        {
            info.ArgumentList.Add(argument);
        }

        // CONTAINER_NAME makes the host believe it runs in Linux Consumption (mesh client, encrypted secrets, 500 on a wrong key).
        info.Environment.Remove("CONTAINER_NAME");
        var environment = new Dictionary<string, string?>
        {
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
            ["AzureWebJobsScriptRoot"] = scriptRoot,
            ["FUNCTIONS_WORKER_RUNTIME"] = "dotnet-isolated",
            ["languageWorkers__dotnet-isolated__workerDirectory"] = scriptRoot,
            ["AzureWebJobsSecretStorageType"] = "files",
            ["FUNCTIONS_SECRETS_PATH"] = secrets,
            ["AZURE_FUNCTIONS_ENVIRONMENT"] = "Development",
            ["AzureFunctionsJobHost__Logging__Console__IsEnabled"] = "true",
            ["DOTNET_NOLOGO"] = "1",
        };
        foreach (var (key, value) in LocalSettingsSample(scriptRoot))
        {
            environment.TryAdd(key, value);
        }

        foreach (var (key, value) in settings)
        {
            environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        var lines = new ConcurrentQueue<string>();
        var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lines.Enqueue(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lines.Enqueue(e.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var host = new FunctionsHostProcess(process, lines, secrets, new Uri($"http://127.0.0.1:{port}/"), functionKey, command);
        try
        {
            await host.WaitHealthyAsync(timeout ?? TimeSpan.FromSeconds(90)).ConfigureAwait(false);
        }
        catch
        {
            await host.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return host;
    }

    /// <summary>A free loopback port.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The Values of local.settings.sample.json (what a developer runs with), when the app's output or the repository has it.</summary>
    private static IEnumerable<KeyValuePair<string, string?>> LocalSettingsSample(string scriptRoot)
    {
        var dir = new DirectoryInfo(scriptRoot);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "local.settings.sample.json")))
        {
            dir = dir.Parent;
        }

        if (dir is null)
        {
            yield break;
        }

        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir.FullName, "local.settings.sample.json")));
        foreach (var value in document.RootElement.GetProperty("Values").EnumerateObject())
        {
            yield return new(value.Name, value.Value.GetString());
        }
    }

    private async Task WaitHealthyAsync(TimeSpan timeout)
    {
        using var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The Functions host ({Command.Description}) exited with {_process.ExitCode}:\n" + Tail(40));
            }

            try
            {
                using var response = await client.GetAsync("api/health").ConfigureAwait(false);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The Functions host ({Command.Description}) was not healthy within {timeout}:\n" + Tail(40));
            }

            await Task.Delay(20).ConfigureAwait(false);
        }
    }

    /// <summary>The last <paramref name="count"/> lines the host wrote.</summary>
    public string Tail(int count) => string.Join('\n', _lines.TakeLast(count));

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            // The worker is the host's child: end the tree we started.
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync().ConfigureAwait(false);
        }

        _process.Dispose();
        try
        {
            Directory.Delete(_secrets, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
