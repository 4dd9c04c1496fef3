using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using SmsOtp.LocalServer;
using SmsOtp.Testing.Hosts;
using static SmsOtp.Benchmarks.BenchMachine;

namespace SmsOtp.Benchmarks.ColdStart;

/// <summary>
/// Cold start (issue 19): each target is started from nothing as a child process (<c>dotnet &lt;dll&gt;</c>,
/// storage already running) and timed to ready: the minimal ASP.NET Core app and the local server to their
/// first 200 on <c>GET /api/health</c> (the service's checks storage, queue and secrets), the local server
/// further to its first verified login (send → SMS at the fake provider → verify), and the Functions worker
/// to the moment it opens its connection to the host (a loopback listener stands in for the host's gRPC
/// endpoint). Runs rotate the order of the targets so drift on a shared machine hits them alike; one
/// unmeasured round first warms the disk cache and this process's own HTTP client.
/// </summary>
public sealed class ColdStartBenchmark(BenchOptions o)
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    public async Task<int> RunAsync(CancellationToken ct)
    {
        var wall = Stopwatch.StartNew();
        var targets = Targets();
        Console.WriteLine("SMS OTP cold start");
        Console.WriteLine($"  command   : {string.Join(' ', Environment.GetCommandLineArgs().Skip(1))}");
        Console.WriteLine($"  machine   : {Environment.ProcessorCount} logical cores, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}, {RuntimeInformation.ProcessArchitecture}");
        Console.WriteLine($"  load avg  : {LoadAverage()} (1, 5, 15 min) before the run");
        Console.WriteLine($"  runs      : {o.ColdRuns} per target after 1 unmeasured round, order rotated each run");
        foreach (var t in targets)
        {
            Console.WriteLine($"  target    : {t.Label} = dotnet {t.Dll}");
        }

        // Storage: the given account, else an Azurite of this run's own, stopped when the run ends.
        await using var azurite = o.Storage is null ? await AzuriteProcess.StartAsync(ct).ConfigureAwait(false) : null;
        var storage = o.Storage ?? azurite!.ConnectionString;
        await using var provider = await FakeSmsProvider.StartAsync(o.ProviderPort, ct).ConfigureAwait(false);
        var runId = RandomNumberGenerator.GetHexString(6, lowercase: true);
        var table = $"cold{runId}users";
        var queue = $"cold-{runId}-sms";

        // The table and queue exist before any start, as they do in Azure after the first deployment.
        var users = new TableServiceClient(storage).GetTableClient(table);
        await users.CreateIfNotExistsAsync(ct).ConfigureAwait(false);
        await new QueueServiceClient(storage, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 })
            .GetQueueClient(queue).CreateIfNotExistsAsync(cancellationToken: ct).ConfigureAwait(false);
        var logins = (o.ColdRuns + 1) * targets.Count(t => t.Kind is ColdKind.LocalServer or ColdKind.FunctionsHost);
        await UserSeeder.SeedAsync(users, 0, logins, 8, ct).ConfigureAwait(false);

        var settings = ServiceTarget.Settings(storage, table, queue, provider.Url, o.Settings);
        settings.Remove("urls");
        settings["Logging:LogLevel:Default"] = "Warning";
        var samples = targets.ToDictionary(t => t, _ => new List<ColdSample>());
        var nextUser = 0;
        for (var run = 0; run <= o.ColdRuns; run++)
        {
            var order = targets.Skip(run % targets.Count).Concat(targets.Take(run % targets.Count)).ToList();
            foreach (var target in order)
            {
                var sample = target.Kind switch
                {
                    ColdKind.FunctionsWorker => await StartWorkerAsync(target, settings, ct).ConfigureAwait(false),
                    ColdKind.LocalServer => await StartServerAsync(target, settings, provider, new BenchUser(nextUser++), ct).ConfigureAwait(false),
                    ColdKind.FunctionsHost => await StartFunctionsHostAsync(target, settings, provider, new BenchUser(nextUser++), ct).ConfigureAwait(false),
                    _ => await StartServerAsync(target, settings, null, null, ct).ConfigureAwait(false),
                };
                if (run > 0)
                {
                    samples[target].Add(sample);
                }

                if (sample.Failure is not null)
                {
                    Console.WriteLine($"  {target.Label}: FAILED {sample.Failure}");
                }
            }

            if (run > 0)
            {
                Console.WriteLine($"  run {run}: " + string.Join("; ", targets.Select(t => $"{t.Label} {Show(samples[t][^1])}")));
            }
        }

        Print(targets, samples);

        Console.WriteLine($"  (whole run {wall.Elapsed.TotalSeconds:0} s; load average now {LoadAverage()})");
        return 0;
    }

    private List<ColdTarget> Targets()
    {
        var list = new List<ColdTarget>
        {
            new("minimal app", ColdKind.Minimal, ColdTarget.BuiltDll("MinimalAppDll")),
            new("local server", ColdKind.LocalServer, ColdTarget.BuiltDll("LocalServerDll")),
            new("Functions worker", ColdKind.FunctionsWorker, ColdTarget.BuiltDll("FunctionsDll")),
        };
        // The product in its own host (spec §13), where this machine has one; otherwise say why.
        var functionsApp = Path.GetDirectoryName(ColdTarget.BuiltDll("FunctionsDll"))!;
        var (host, whyNot) = FunctionsHostCommand.Find(functionsApp, 0);
        if (host is not null)
        {
            list.Add(new("Functions host", ColdKind.FunctionsHost, ColdTarget.BuiltDll("FunctionsDll")));
        }
        else
        {
            Console.WriteLine($"  (no Functions host target: {whyNot})");
        }

        list.AddRange(o.ColdTargets.Select(t => t with { Dll = Path.GetFullPath(t.Dll) }));
        foreach (var t in list.Where(t => !File.Exists(t.Dll)))
        {
            throw new FileNotFoundException($"{t.Label}: {t.Dll} does not exist; build (or publish) it first.");
        }

        return list;
    }

    private static void Print(List<ColdTarget> targets, Dictionary<ColdTarget, List<ColdSample>> samples)
    {
        Console.WriteLine();
        Console.WriteLine("== Cold start: ms from Process.Start, median (min-max) of the successful runs; ratio = median / the minimal app's");
        var baseline = Median(samples[targets[0]].Where(s => s.Failure is null).Select(s => s.ReadyMs));
        foreach (var t in targets)
        {
            var ok = samples[t].Where(s => s.Failure is null).ToList();
            var failed = samples[t].Count - ok.Count;
            var ready = ok.Select(s => s.ReadyMs).ToList();
            var what = t.Kind switch
            {
                ColdKind.FunctionsWorker => "to the host connection",
                _ => "to the first healthy answer",
            };
            Console.WriteLine($"  {t.Label,-28} {what,-28} {Stat(ready)}  x{Median(ready) / baseline:0.00}{(failed > 0 ? $"  ({failed} failed)" : "")}");
            if (t.Kind is ColdKind.LocalServer or ColdKind.FunctionsHost)
            {
                var login = ok.Where(s => s.LoginMs is not null).Select(s => s.LoginMs!.Value).ToList();
                Console.WriteLine($"  {"",-28} {"to the first verified login",-28} {Stat(login)}  x{Median(login) / baseline:0.00}");
                Console.WriteLine($"  {"",-28} {"  of which the login itself",-28} {Stat(ok.Where(s => s.LoginMs is not null).Select(s => s.LoginMs!.Value - s.ReadyMs).ToList())}");
            }
        }

        if (targets.FirstOrDefault(t => t.Kind == ColdKind.FunctionsHost) is { } host && targets.FirstOrDefault(t => t.Kind == ColdKind.LocalServer) is { } local)
        {
            double FirstLogin(ColdTarget t) => Median(samples[t].Where(s => s.Failure is null && s.LoginMs is not null).Select(s => s.LoginMs!.Value));
            Console.WriteLine($"  Functions host / local server, to the first verified login: x{FirstLogin(host) / FirstLogin(local):0.00}");
        }
    }

    /// <summary>The minimal app or the local server: time to the first 200 on /api/health, then (server) one login.</summary>
    private async Task<ColdSample> StartServerAsync(ColdTarget target, Dictionary<string, string?> settings, FakeSmsProvider? provider,
        BenchUser? user, CancellationToken ct)
    {
        var port = FreePort();
        var baseUrl = new Uri($"http://127.0.0.1:{port}/");
        using var process = new ChildProcess(target.Dll, target.Kind == ColdKind.Minimal ? new() : settings, ("ASPNETCORE_URLS", baseUrl.ToString().TrimEnd('/')));
        using var client = ServiceTarget.CreateClient(baseUrl, settings.GetValueOrDefault("SmsOtp:LocalApiKey"));
        var started = process.Start();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(StartTimeout);
        while (true)
        {
            if (process.HasExited)
            {
                return new ColdSample(0, null, $"exited with {process.ExitCode}: {process.Tail()}");
            }

            if (deadline.IsCancellationRequested)
            {
                return new ColdSample(0, null, $"not healthy within {StartTimeout.TotalSeconds:0} s: {process.Tail()}");
            }

            try
            {
                using var probe = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token);
                probe.CancelAfter(TimeSpan.FromSeconds(10));
                using var health = await client.GetAsync("api/health", probe.Token).ConfigureAwait(false);
                if (health.StatusCode == HttpStatusCode.OK)
                {
                    break;
                }

                if (health.StatusCode == HttpStatusCode.InternalServerError)
                {
                    return new ColdSample(0, null, $"health answered 500: {process.Tail()}");
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                // This probe or the whole deadline ran out; the loop decides.
            }

            await Task.Delay(5, ct).ConfigureAwait(false);
        }

        var ready = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        if (provider is null || user is null)
        {
            return new ColdSample(ready, null);
        }

        var result = new LoadResult();
        await new ServiceLogin(client, provider, TimeSpan.FromSeconds(30)).RunAsync(user, result, ct).ConfigureAwait(false);
        var login = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        return result.Succeeded == 1
            ? new ColdSample(ready, login)
            : new ColdSample(ready, null, "first login failed: " + string.Join(", ", result.Failures.Select(p => p.Key)));
    }

    /// <summary>The Functions worker: time until it connects to the host endpoint it was given (as the host would pass it).</summary>
    /// <summary>
    /// The Functions app in the Azure Functions host: from the host's process start to its first healthy
    /// <c>/api/health</c> (the worker started and indexed by then), then one verified login with a function key.
    /// </summary>
    private static async Task<ColdSample> StartFunctionsHostAsync(ColdTarget target, Dictionary<string, string?> settings, FakeSmsProvider provider,
        BenchUser user, CancellationToken ct)
    {
        var port = FreePort();
        var app = Path.GetDirectoryName(target.Dll)!;
        var (command, whyNot) = FunctionsHostCommand.Find(app, port);
        if (command is null)
        {
            return new ColdSample(0, null, whyNot);
        }

        var started = Stopwatch.GetTimestamp();
        FunctionsHostProcess host;
        try
        {
            host = await FunctionsHostProcess.StartAsync(command, app, port, settings, StartTimeout).ConfigureAwait(false);
        }
        catch (Exception e) when (e is TimeoutException or InvalidOperationException)
        {
            return new ColdSample(0, null, e.Message.Split('\n')[0]);
        }

        await using (host.ConfigureAwait(false))
        {
            var ready = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            using var client = ServiceTarget.CreateClient(host.BaseAddress, host.FunctionKey);
            var result = new LoadResult();
            await new ServiceLogin(client, provider, TimeSpan.FromSeconds(30)).RunAsync(user, result, ct).ConfigureAwait(false);
            var login = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            return result.Succeeded == 1
                ? new ColdSample(ready, login)
                : new ColdSample(ready, null, "first login failed: " + string.Join(", ", result.Failures.Select(p => p.Key)));
        }
    }

    private static async Task<ColdSample> StartWorkerAsync(ColdTarget target, Dictionary<string, string?> settings, CancellationToken ct)
    {
        using var host = new TcpListener(IPAddress.Loopback, 0);
        host.Start();
        var endpoint = $"http://127.0.0.1:{((IPEndPoint)host.LocalEndpoint).Port}";
        using var process = new ChildProcess(target.Dll, settings,
            ("Functions__Worker__HostEndpoint", endpoint), ("FUNCTIONS_WORKER_RUNTIME", "dotnet-isolated"),
            ("AZURE_FUNCTIONS_ENVIRONMENT", "Development"));
        var started = process.Start();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(StartTimeout);
        var accept = host.AcceptSocketAsync(deadline.Token).AsTask();
        var done = await Task.WhenAny(accept, process.WaitForExitAsync(deadline.Token)).ConfigureAwait(false);
        var ms = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        if (done == accept && accept.IsCompletedSuccessfully)
        {
            accept.Result.Dispose();
            return new ColdSample(ms, null);
        }

        return new ColdSample(0, null, process.HasExited ? $"exited with {process.ExitCode}: {process.Tail()}" : "no connection to the host endpoint");
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private static string Show(ColdSample s) => s.Failure is not null
        ? "failed"
        : string.Create(CultureInfo.InvariantCulture, $"{s.ReadyMs:0}{(s.LoginMs is { } l ? $"/{l:0}" : "")} ms");

    private static string Stat(List<double> values) => values.Count == 0
        ? "n/a"
        : string.Create(CultureInfo.InvariantCulture, $"{Median(values),7:0} ms ({values.Min():0}-{values.Max():0})");
}
