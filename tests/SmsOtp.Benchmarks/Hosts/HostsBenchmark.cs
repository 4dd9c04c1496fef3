using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using SmsOtp.Benchmarks.ColdStart;
using SmsOtp.LocalServer;
using SmsOtp.Testing.Hosts;
using static SmsOtp.Benchmarks.BenchMachine;

namespace SmsOtp.Benchmarks.Hosts;

/// <summary>
/// The local server and the Functions app in the Azure Functions host (spec §13), both as child processes with the same
/// settings, storage and fake provider, each with its own delivery queue: one unmeasured round each, then interleaved
/// rounds (the order rotated) of the same logins at the same concurrency. Per host: logins per second, p99 of the whole
/// login, and the server's CPU per login (the process and its descendants, so host + worker), each as the median of the
/// rounds; then the ratios host / local server.
/// </summary>
public sealed class HostsBenchmark(BenchOptions o)
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    public async Task<int> RunAsync(CancellationToken ct)
    {
        var wall = Stopwatch.StartNew();
        var functionsApp = Path.GetDirectoryName(ColdTarget.BuiltDll("FunctionsDll"))!;
        var hostPort = FunctionsHostProcess.FreePort();
        var (command, whyNot) = FunctionsHostCommand.Find(functionsApp, hostPort);
        Console.WriteLine("SMS OTP hosts: the local server and the Functions host");
        Console.WriteLine($"  command   : {string.Join(' ', Environment.GetCommandLineArgs().Skip(1))}");
        Console.WriteLine($"  machine   : {Environment.ProcessorCount} logical cores; load average {LoadAverage()} before the run");
        if (command is null)
        {
            Console.WriteLine($"  no Functions host: {whyNot}");
            return 2;
        }

        Console.WriteLine($"  host      : {command.Description}");
        Console.WriteLine($"  rounds    : {o.Rounds} of {o.Logins} logins at concurrency {o.Concurrency} per host, after one unmeasured round each");

        // Storage: the given account, else an Azurite of this run's own, stopped when the run ends.
        await using var azurite = o.Storage is null ? await AzuriteProcess.StartAsync(ct).ConfigureAwait(false) : null;
        var storage = o.Storage ?? azurite!.ConnectionString;
        await using var provider = await FakeSmsProvider.StartAsync(o.ProviderPort, ct).ConfigureAwait(false);
        var runId = RandomNumberGenerator.GetHexString(6, lowercase: true);
        var table = $"hosts{runId}users";
        var users = new TableServiceClient(storage).GetTableClient(table);
        await users.CreateIfNotExistsAsync(ct).ConfigureAwait(false);
        // Each run gets users of its own, so no user or number reaches its hourly send limit however many rounds run.
        await UserSeeder.SeedAsync(users, 0, UsersPerRun * (o.Rounds + 1) * 2, o.SeedConcurrency, ct).ConfigureAwait(false);

        // Same settings; a delivery queue each, so neither host's listener takes the other's messages.
        var settings = ServiceTarget.Settings(storage, table, "unused", provider.Url, o.Settings);
        settings.Remove("urls");
        var key = "k" + RandomNumberGenerator.GetHexString(32, lowercase: true);
        var local = await StartLocalServerAsync(With(settings, $"hosts-{runId}-local", key), key, ct).ConfigureAwait(false);
        await using var localDispose = local.ConfigureAwait(false);
        var hostSettings = With(settings, $"hosts-{runId}-host", null);
        await new QueueServiceClient(storage).GetQueueClient(hostSettings["SmsOtp:Storage:DeliveryQueue"]).CreateIfNotExistsAsync(cancellationToken: ct).ConfigureAwait(false);
        var host = await FunctionsHostProcess.StartAsync(command, functionsApp, hostPort, hostSettings, StartTimeout).ConfigureAwait(false);
        await using var hostDispose = host.ConfigureAwait(false);
        var targets = new List<Target>
        {
            new("local server", local.Client, local.ProcessId),
            new("Functions host", ServiceTarget.CreateClient(host.BaseAddress, host.FunctionKey), host.ProcessId),
        };

        var rounds = targets.ToDictionary(t => t, _ => new List<Round>());
        var run = 0;
        for (var round = 0; round <= o.Rounds; round++)
        {
            var order = targets.Skip(round % 2).Concat(targets.Take(round % 2)).ToList();
            foreach (var target in order)
            {
                var measured = await RunRoundAsync(target, provider, UsersPerRun * run++, ct).ConfigureAwait(false);
                if (round > 0)
                {
                    rounds[target].Add(measured);
                }
            }

            if (round > 0)
            {
                Console.WriteLine($"  round {round}: " + string.Join("; ", targets.Select(t => $"{t.Label} {Show(rounds[t][^1])}")));
            }
        }

        Print(targets, rounds);

        Console.WriteLine($"  (whole run {wall.Elapsed.TotalSeconds:0} s; load average now {LoadAverage()})");
        return 0;
    }

    private static Dictionary<string, string?> With(Dictionary<string, string?> settings, string queue, string? key)
    {
        var copy = new Dictionary<string, string?>(settings, StringComparer.OrdinalIgnoreCase) { ["SmsOtp:Storage:DeliveryQueue"] = queue };
        if (key is not null)
        {
            copy["SmsOtp:LocalApiKey"] = key;
        }

        return copy;
    }

    private int UsersPerRun => o.Logins + 2 * o.Concurrency;

    private async Task<Round> RunRoundAsync(Target target, FakeSmsProvider provider, int firstUser, CancellationToken ct)
    {
        var login = new ServiceLogin(target.Client, provider, TimeSpan.FromSeconds(30));
        var cpuBefore = TreeCpu(target.ProcessId);
        var result = await VirtualUsers.RunAsync(o.Logins, o.Concurrency, UsersPerRun, randomUsers: false,
            (user, r, c) => login.RunAsync(new BenchUser(firstUser + user.Index), r, c), ct).ConfigureAwait(false);
        var cpu = TreeCpu(target.ProcessId) - cpuBefore;
        return new Round(result.PerSecond, result.Login.Percentile(99), cpu.TotalMilliseconds / Math.Max(1, result.Succeeded),
            o.Logins - result.Succeeded, result.Failures.OrderByDescending(f => f.Value).Select(f => f.Key).FirstOrDefault());
    }

    private static void Print(List<Target> targets, Dictionary<Target, List<Round>> rounds)
    {
        Console.WriteLine("== Hosts: medians of the rounds");
        foreach (var t in targets)
        {
            var r = rounds[t];
            Console.WriteLine($"  {t.Label,-15} {Median(r.Select(x => x.PerSecond)),7:0.0} logins/s  p99 login {Median(r.Select(x => x.P99)),7:0} ms  server CPU {Median(r.Select(x => x.CpuPerLogin)),6:0.00} ms/login  failed {r.Sum(x => x.Failed)}");
        }

        var (local, host) = (rounds[targets[0]], rounds[targets[1]]);
        Console.WriteLine($"  Functions host / local server: throughput x{Median(host.Select(x => x.PerSecond)) / Median(local.Select(x => x.PerSecond)):0.00}, "
            + $"p99 login x{Median(host.Select(x => x.P99)) / Median(local.Select(x => x.P99)):0.00}, "
            + $"server CPU per login x{Median(host.Select(x => x.CpuPerLogin)) / Median(local.Select(x => x.CpuPerLogin)):0.00}");
    }

    private static string Show(Round r) => string.Create(CultureInfo.InvariantCulture, $"{r.PerSecond:0.0}/s p99 {r.P99:0} ms CPU {r.CpuPerLogin:0.00} ms{(r.Failed > 0 ? $" ({r.Failed} failed: {r.Reason})" : "")}");

    private async Task<LocalProcess> StartLocalServerAsync(Dictionary<string, string?> settings, string key, CancellationToken ct)
    {
        var port = FunctionsHostProcess.FreePort();
        var baseUrl = new Uri($"http://127.0.0.1:{port}/");
        var process = new ChildProcess(ColdTarget.BuiltDll("LocalServerDll"), settings, ("ASPNETCORE_URLS", baseUrl.ToString().TrimEnd('/')));
        process.Start();
        var client = ServiceTarget.CreateClient(baseUrl, key);
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (process.HasExited || deadline.Elapsed > StartTimeout)
            {
                var tail = process.Tail();
                process.Dispose();
                throw new InvalidOperationException("The local server did not start: " + tail);
            }

            try
            {
                using var health = await client.GetAsync("api/health", ct).ConfigureAwait(false);
                if (health.StatusCode == HttpStatusCode.OK)
                {
                    return new LocalProcess(process, client);
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(200, ct).ConfigureAwait(false);
        }
    }

    /// <summary>CPU used so far by a process and all its descendants (the host and its worker), from /proc.</summary>
    private static TimeSpan TreeCpu(int root)
    {
        var stats = new Dictionary<int, (int Parent, double Ticks)>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                stats[pid] = (int.Parse(fields[1], CultureInfo.InvariantCulture),
                    double.Parse(fields[11], CultureInfo.InvariantCulture) + double.Parse(fields[12], CultureInfo.InvariantCulture));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // The process ended meanwhile.
            }
        }

        double total = 0;
        var pending = new Stack<int>([root]);
        while (pending.TryPop(out var pid))
        {
            if (stats.TryGetValue(pid, out var s))
            {
                total += s.Ticks;
            }

            foreach (var (child, c) in stats)
            {
                if (c.Parent == pid)
                {
                    pending.Push(child);
                }
            }
        }

        return TimeSpan.FromSeconds(total / 100.0); // USER_HZ
    }

    private sealed record Target(string Label, HttpClient Client, int ProcessId);

    private sealed record Round(double PerSecond, double P99, double CpuPerLogin, long Failed, string? Reason);

    private sealed class LocalProcess(ChildProcess process, HttpClient client) : IAsyncDisposable
    {
        public HttpClient Client { get; } = client;
        public int ProcessId => process.Id;

        public ValueTask DisposeAsync()
        {
            Client.Dispose();
            process.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
