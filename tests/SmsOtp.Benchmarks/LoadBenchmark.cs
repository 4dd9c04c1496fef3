using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text.Json;
using Azure.Core;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using SmsOtp.LocalServer;
using static SmsOtp.Benchmarks.BenchMachine;

namespace SmsOtp.Benchmarks;

/// <summary>
/// The load benchmark's phases, in order: set-up and seeding, warm-up, logins one at a time (exact
/// storage transactions per login), load against the floor in alternating rounds, growth to many stored
/// users, idle delivery; then the targets. Everything is printed as it is measured.
/// </summary>
public sealed class LoadBenchmark(BenchOptions o)
{
    private static readonly TimeSpan SmsTimeout = TimeSpan.FromSeconds(30);

    /// <summary>How long the listener gets to finish a phase's last deletes before counters are read.</summary>
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(1.5);

    private readonly List<(string Target, string Measured, bool? Met)> _targets = [];

    public async Task<int> RunAsync(CancellationToken ct)
    {
        var wall = Stopwatch.StartNew();
        FirstChanceExceptions.Start();
        PrintHeader();
        // Storage: the given account, else an Azurite of this run's own, stopped when the run ends.
        await using var azurite = o.Storage is null ? await AzuriteProcess.StartAsync(ct).ConfigureAwait(false) : null;
        var storage = o.Storage ?? azurite!.ConnectionString;
        if (azurite is not null)
        {
            Line($"Azurite started in memory (tables :{azurite.TablePort}, queues :{azurite.QueuePort}).");
        }

        await RunPhasesAsync(storage, ct).ConfigureAwait(false);

        PrintTargets(wall.Elapsed);
        return 0;
    }

    private async Task RunPhasesAsync(string storage, CancellationToken ct)
    {
        var runId = RandomNumberGenerator.GetHexString(6, lowercase: true);
        var inProcess = o.Url is null;
        var tableName = inProcess ? $"bench{runId}users" : o.Table;
        var queueName = inProcess ? $"bench-{runId}-sms" : o.Queue;

        await using var provider = await FakeSmsProvider.StartAsync(o.ProviderPort, ct).ConfigureAwait(false);
        await using var target = inProcess
            ? await ServiceTarget.StartInProcessAsync(storage, tableName, queueName, provider.Url, o.Settings, ct).ConfigureAwait(false)
            : ServiceTarget.Remote(o.Url!, o.ApiKey);
        Line($"Service: {(inProcess ? "local server in this process" : o.Url!.ToString())} at {target.Client.BaseAddress}; fake SMS provider at {provider.Url}");

        // The benchmark's own clients: uncounted ones for seeding and control reads, counted ones for the floor.
        var seedTables = new TableServiceClient(storage);
        var usersTable = seedTables.GetTableClient(tableName);
        await usersTable.CreateIfNotExistsAsync(ct).ConfigureAwait(false);
        var floorCounter = new StorageTransactionCounter();
        var floorTableOptions = new TableClientOptions();
        floorTableOptions.AddPolicy(floorCounter, HttpPipelinePosition.PerRetry);
        var floorQueueOptions = new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 };
        floorQueueOptions.AddPolicy(floorCounter, HttpPipelinePosition.PerRetry);
        var floorTable = new TableServiceClient(storage, floorTableOptions).GetTableClient($"bench{runId}floor");
        var floorQueue = new QueueServiceClient(storage, floorQueueOptions).GetQueueClient($"bench-{runId}-floor");
        await floorTable.CreateIfNotExistsAsync(ct).ConfigureAwait(false);
        await floorQueue.CreateIfNotExistsAsync(cancellationToken: ct).ConfigureAwait(false);

        Section("Seeding");
        var seeded = await UserSeeder.SeedAsync(usersTable, 0, o.Users, o.SeedConcurrency, ct).ConfigureAwait(false);
        var seededFloor = await UserSeeder.SeedAsync(seedTables.GetTableClient(floorTable.Name), 0, o.Users, o.SeedConcurrency, ct).ConfigureAwait(false);
        Line($"{o.Users:N0} user profiles into the service's table in {seeded.TotalSeconds:0.0} s ({o.Users / seeded.TotalSeconds:N0}/s), and into the floor's table in {seededFloor.TotalSeconds:0.0} s");

        var service = new ServiceLogin(target.Client, provider, SmsTimeout);
        var floor = new FloorLogin(floorTable, floorQueue);

        Section($"Warm-up ({o.Warmup} logins each, not measured)");
        var warm = await VirtualUsers.RunAsync(o.Warmup, o.Concurrency, o.Users, false, service.RunAsync, ct).ConfigureAwait(false);
        await VirtualUsers.RunAsync(o.Warmup, o.Concurrency, o.Users, false, floor.RunAsync, ct).ConfigureAwait(false);
        Line($"service: {warm.Succeeded} ok{Failures(warm)}");
        await Task.Delay(Settle, ct).ConfigureAwait(false);

        Section($"One login at a time ({o.SerialLogins} logins, concurrency 1)");
        var before = target.Counter?.Snapshot();
        var guardBefore = target.GuardCounter?.Snapshot();
        var serial = await VirtualUsers.RunAsync(o.SerialLogins, 1, o.Users, false, service.RunAsync, ct).ConfigureAwait(false);
        await Task.Delay(Settle, ct).ConfigureAwait(false);
        PrintLatencies(serial, "service");
        var floorBefore = floorCounter.Snapshot();
        var serialFloor = await VirtualUsers.RunAsync(o.SerialLogins, 1, o.Users, false, floor.RunAsync, ct).ConfigureAwait(false);
        var floorSerialCounts = floorCounter.Snapshot().Minus(floorBefore);
        PrintLatencies(serialFloor, "floor");
        if (target.Counter is not null)
        {
            var counts = target.Counter.Snapshot().Minus(before!);
            PrintTransactions(counts, serial.Succeeded, serial.Elapsed + Settle);
            var perLogin = (counts.Total - counts.EmptyPolls) / (double)serial.Succeeded;
            if (target.GuardCounter is not null)
            {
                var guard = target.GuardCounter.Snapshot().Minus(guardBefore!);
                Line($"  fraud guard background sync (its own table, not per login): {guard.Total} in {(serial.Elapsed + Settle).TotalSeconds:0.0} s "
                    + $"= {guard.Total / (serial.Elapsed + Settle).TotalSeconds:0.00}/s");
            }

            Target("storage transactions per login, one at a time (send + delivery + verify)", "<= 9",
                $"{perLogin:0.00} (+ {counts.EmptyPolls / (double)serial.Succeeded:0.00} idle polls of the listener)", perLogin <= 9.0);
        }
        else
        {
            Target("storage transactions per login, one at a time", "<= 9", "not counted: the server runs in another process", null);
        }

        Line($"floor's own count: {(floorSerialCounts.Total - floorSerialCounts.EmptyPolls) / (double)serialFloor.Succeeded:0.00} per login");
        await RememberedDevicesAsync(target, provider, o, ct).ConfigureAwait(false);

        Section($"Load: {o.Logins} logins at concurrency {o.Concurrency}, service and floor in {o.Rounds} alternating rounds");
        var load = new LoadResult();
        var floorLoad = new LoadResult();
        var loadCounts = new TransactionCounts(new Dictionary<string, long>());
        var floorLoadBefore = floorCounter.Snapshot();
        var perRound = Math.Max(1, o.Logins / o.Rounds);
        var serviceCpu = default(ProcessCpu);
        var floorCpu = default(ProcessCpu);
        long serviceThrows = 0, floorThrows = 0;
        var roundRatios = new List<(double Throughput, double Cpu, double CpuWithStorage)>();
        for (var round = 1; round <= o.Rounds; round++)
        {
            var start = target.Counter?.Snapshot();
            var cpu = ProcessCpu.Now();
            var throws = FirstChanceExceptions.Count;
            var r = await VirtualUsers.RunAsync(perRound, o.Concurrency, o.Users, false, service.RunAsync, ct).ConfigureAwait(false);
            var serviceRound = ProcessCpu.Now().Minus(cpu);
            serviceCpu = Sum(serviceCpu, serviceRound);
            serviceThrows += FirstChanceExceptions.Count - throws;
            await Task.Delay(Settle, ct).ConfigureAwait(false);
            if (target.Counter is not null)
            {
                loadCounts = Add(loadCounts, target.Counter.Snapshot().Minus(start!));
            }

            cpu = ProcessCpu.Now();
            throws = FirstChanceExceptions.Count;
            var f = await VirtualUsers.RunAsync(perRound, o.Concurrency, o.Users, false, floor.RunAsync, ct).ConfigureAwait(false);
            var floorRound = ProcessCpu.Now().Minus(cpu);
            floorCpu = Sum(floorCpu, floorRound);
            floorThrows += FirstChanceExceptions.Count - throws;
            var cpuRatio = serviceRound.Self / Math.Max(1, r.Succeeded) / (floorRound.Self / Math.Max(1, f.Succeeded));
            var withStorage = serviceRound.Storage is { } rs && floorRound.Storage is { } fs0
                ? (serviceRound.Self + rs) / Math.Max(1, r.Succeeded) / ((floorRound.Self + fs0) / Math.Max(1, f.Succeeded))
                : double.NaN;
            roundRatios.Add((r.PerSecond / f.PerSecond, cpuRatio, withStorage));
            Line($"round {round}: service {r.PerSecond,7:0.0} logins/s{Failures(r)}   floor {f.PerSecond,7:0.0} logins/s{Failures(f)}"
                + $"   CPU per login: service {serviceRound.PerLogin(r.Succeeded)}; floor {floorRound.PerLogin(f.Succeeded)}");
            load.Absorb(r);
            floorLoad.Absorb(f);
        }

        PrintLatencies(load, "service");
        PrintLatencies(floorLoad, "floor");
        var ratio = load.PerSecond / floorLoad.PerSecond;
        Line($"throughput: service {load.PerSecond:0.0} logins/s, floor {floorLoad.PerSecond:0.0} logins/s: {ratio:P0} of the floor");
        Line($"latency / floor (p50, p99): send {Ratio(load.Send, floorLoad.Send)}; verify {Ratio(load.Verify, floorLoad.Verify)}; whole login {Ratio(load.Login, floorLoad.Login)}");
        var floorLoadCounts = floorCounter.Snapshot().Minus(floorLoadBefore);
        Line($"floor's own count under load: {floorLoadCounts.Total / (double)floorLoad.Succeeded:0.00} per login (one message per receive, plus receives that found the queue momentarily empty)");
        Line($"CPU per login: service {serviceCpu.PerLogin(load.Succeeded)}; floor {floorCpu.PerLogin(floorLoad.Succeeded)}");
        Line($"CPU per login / floor's: this process x{serviceCpu.Self / load.Succeeded / (floorCpu.Self / floorLoad.Succeeded):0.00}"
            + (serviceCpu.Storage is { } ss && floorCpu.Storage is { } fs
                ? $", with Azurite x{(serviceCpu.Self + ss) / load.Succeeded / ((floorCpu.Self + fs) / floorLoad.Succeeded):0.00}"
                : ""));
        Line($"median of the {roundRatios.Count} rounds (robust to a stall in one): throughput {Median(roundRatios.Select(x => x.Throughput)):P0} of the floor, "
            + $"CPU per login / floor's: this process x{Median(roundRatios.Select(x => x.Cpu)):0.00}, with Azurite x{Median(roundRatios.Select(x => x.CpuWithStorage)):0.00}");
        Line($"exceptions thrown per login (caught or not): service {serviceThrows / (double)load.Succeeded:0.00}, floor {floorThrows / (double)floorLoad.Succeeded:0.00}");
        Target($"throughput at concurrency {o.Concurrency}, share of the floor", ">= 90%",
            $"{ratio:P0} ({load.PerSecond:0.0} vs {floorLoad.PerSecond:0.0} logins/s)", ratio >= 0.9);
        Target("delivery p99 under load (send response -> provider)", "< 2000 ms", $"{load.Delivery.Percentile(99):0} ms", load.Delivery.Percentile(99) < 2000);
        if (target.Counter is not null)
        {
            PrintTransactions(loadCounts, load.Succeeded, load.Elapsed + Settle * o.Rounds);
            Line($"(under load the listener reads up to 16 messages per receive, so queue gets per login fall below 1)");
        }

        if (o.GrowthUsers > o.Users)
        {
            await GrowthAsync(service, usersTable, ct).ConfigureAwait(false);
        }

        if (o.Idle > TimeSpan.Zero)
        {
            await IdleAsync(service, target.Wake, ct).ConfigureAwait(false);
        }

        if (provider.Unexpected > 0)
        {
            Line($"note: the provider got {provider.Unexpected} SMS nobody waited for (late deliveries of timed-out logins).");
        }
    }

    private async Task GrowthAsync(ServiceLogin service, TableClient usersTable, CancellationToken ct)
    {
        Section($"Growth: verify latency with {o.Users:N0} and with {o.GrowthUsers:N0} stored users ({o.GrowthLogins} logins at concurrency {o.GrowthConcurrency}, random users)");
        var small = await VirtualUsers.RunAsync(o.GrowthLogins, o.GrowthConcurrency, o.Users, true, service.RunAsync, ct).ConfigureAwait(false);
        var smallReads = await PointReadsAsync(usersTable, o.Users, ct).ConfigureAwait(false);
        Line($"{o.Users,7:N0} users: verify {small.Verify.Summary()}{Failures(small)}");
        Line($"{"",7}        SDK point read {smallReads.Summary()}");

        var seeded = await UserSeeder.SeedAsync(usersTable, o.Users, o.GrowthUsers, o.SeedConcurrency, ct).ConfigureAwait(false);
        Line($"seeded {o.GrowthUsers - o.Users:N0} more users in {seeded.TotalSeconds:0.0} s ({(o.GrowthUsers - o.Users) / seeded.TotalSeconds:N0}/s, {o.SeedConcurrency} parallel upserts)");

        var large = await VirtualUsers.RunAsync(o.GrowthLogins, o.GrowthConcurrency, o.GrowthUsers, true, service.RunAsync, ct).ConfigureAwait(false);
        var largeReads = await PointReadsAsync(usersTable, o.GrowthUsers, ct).ConfigureAwait(false);
        Line($"{o.GrowthUsers,7:N0} users: verify {large.Verify.Summary()}{Failures(large)}");
        Line($"{"",7}        SDK point read {largeReads.Summary()}");
        var p99 = large.Verify.Percentile(99) / small.Verify.Percentile(99);
        var p50 = large.Verify.Percentile(50) / small.Verify.Percentile(50);
        Line($"verify at {o.GrowthUsers:N0} / at {o.Users:N0}: p50 x{p50:0.00}, p99 x{p99:0.00}");
        Target($"verify p99 at {o.GrowthUsers:N0} users within 10% of {o.Users:N0}", "<= x1.10",
            $"x{p99:0.00} ({small.Verify.Percentile(99):0.0} -> {large.Verify.Percentile(99):0.0} ms; p50 x{p50:0.00})", p99 <= 1.10);
    }

    private async Task<LatencySeries> PointReadsAsync(TableClient table, int population, CancellationToken ct)
    {
        var series = new LatencySeries();
        var random = new Random(population);
        var keys = Enumerable.Range(0, 1000).Select(_ => new BenchUser(random.Next(population)).PartitionKey).ToArray();
        await Parallel.ForEachAsync(keys, new ParallelOptions { MaxDegreeOfParallelism = o.GrowthConcurrency, CancellationToken = ct }, async (key, token) =>
        {
            var t0 = Stopwatch.GetTimestamp();
            await table.GetEntityAsync<TableEntity>(key, Core.Storage.UserRecord.Row, cancellationToken: token).ConfigureAwait(false);
            series.Add(t0, Stopwatch.GetTimestamp());
        }).ConfigureAwait(false);
        return series;
    }

    private async Task IdleAsync(ServiceLogin service, WakeSwitch? wake, CancellationToken ct)
    {
        Section($"Idle delivery: the first SMS after {o.Idle.TotalSeconds:0} s idle, then {o.IdleSamples} more each after {o.IdleGap.TotalSeconds:0} s idle");
        var all = new LatencySeries();
        var user = o.Users - 1;
        async Task<double> SampleAsync(TimeSpan idle)
        {
            await Task.Delay(idle, ct).ConfigureAwait(false);
            var result = new LoadResult();
            await service.RunAsync(new BenchUser(user--), result, ct).ConfigureAwait(false);
            if (result.Succeeded == 0)
            {
                Line($"  sample failed{Failures(result)}");
                return double.PositiveInfinity;
            }

            var ms = result.Delivery.Max;
            all.Add(ms);
            return ms;
        }

        async Task ModeAsync(string label, TimeSpan firstIdle)
        {
            var samples = new List<double> { await SampleAsync(firstIdle).ConfigureAwait(false) };
            for (var i = 0; i < o.IdleSamples; i++)
            {
                samples.Add(await SampleAsync(o.IdleGap).ConfigureAwait(false));
            }

            Line($"{label}: {string.Join(", ", samples.Select(s => s.ToString("0", CultureInfo.InvariantCulture)))} ms (first after {firstIdle.TotalSeconds:0} s idle)");
        }

        if (wake is not null)
        {
            // The Functions host only polls (backing off to maxPollingInterval): model it by not waking the listener.
            wake.Enabled = false;
            await ModeAsync("polling only (Functions host model), send response -> provider", o.Idle).ConfigureAwait(false);
            wake.Enabled = true;
            await ModeAsync("woken by the in-process send (local server)   ", o.IdleGap).ConfigureAwait(false);
        }
        else
        {
            await ModeAsync("remote server, send response -> provider", o.Idle).ConfigureAwait(false);
        }

        Target($"delivery after idle, worst of {all.Count} samples", "< 2000 ms", $"{all.Max:0} ms", all.Max < 2000);
    }

    private void PrintHeader()
    {
        Console.WriteLine("SMS OTP benchmark");
        Console.WriteLine($"  command   : {string.Join(' ', Environment.GetCommandLineArgs().Skip(1))}");
        Console.WriteLine($"  machine   : {Environment.ProcessorCount} logical cores, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}, {RuntimeInformation.ProcessArchitecture}");
        Console.WriteLine($"  storage   : {(o.Storage is null ? $"Azurite {AzuriteVersion()} in memory, started by the benchmark" : "given by --storage")}");
        Console.WriteLine($"  settings  : concurrency {o.Concurrency}, logins {o.Logins}, users {o.Users}, growth {o.GrowthUsers}, idle {o.Idle.TotalSeconds:0} s");
        Console.WriteLine($"  load avg  : {LoadAverage()} (1, 5, 15 min) before the run");
        Console.WriteLine("  note      : load generator, service, provider and storage share this machine's cores; latencies include that contention.");
    }

    private static string AzuriteVersion()
    {
        try
        {
            var script = AzuriteProcess.FindAzurite();
            var package = script is null ? null : Path.Combine(Path.GetDirectoryName(script)!, "..", "..", "package.json");
            return package is null ? "?" : JsonDocument.Parse(File.ReadAllText(package)).RootElement.GetProperty("version").GetString() ?? "?";
        }
        catch (IOException)
        {
            return "?";
        }
    }

    private static void PrintLatencies(LoadResult r, string who)
    {
        Line($"{who,-8}{r.Succeeded} logins in {r.Elapsed.TotalSeconds:0.0} s = {r.PerSecond:0.0} logins/s{Failures(r)}");
        Line($"  send     {r.Send.Summary()}");
        Line($"  delivery {r.Delivery.Summary()}   ({(who == "floor" ? "queue put -> claim written" : "send response -> provider called")})");
        Line($"  verify   {r.Verify.Summary()}");
        Line($"  login    {r.Login.Summary()}");
    }

    /// <summary>
    /// Spec §15.1: logins from a remembered device, one at a time (users from the end of the pool, untouched by the
    /// rounds before): each first remembers the device through a full login (not counted), then its next send with
    /// the token is counted. Expected: the user's row read, nothing else.
    /// </summary>
    private async Task RememberedDevicesAsync(ServiceTarget target, FakeSmsProvider provider, BenchOptions o, CancellationToken ct)
    {
        if (target.Counter is null)
        {
            return;
        }

        var n = Math.Min(20, o.Users / 2);
        Section($"Remembered devices ({n} logins one at a time, each skipping the SMS with a device token)");
        var devices = new RememberedDeviceLogin(target.Client, provider, SmsTimeout);
        var tokens = new List<(BenchUser User, string Token)>();
        for (var i = 0; i < n; i++)
        {
            var user = new BenchUser(o.Users - 1 - i);
            if (await devices.RememberAsync(user, ct).ConfigureAwait(false) is { } token)
            {
                tokens.Add((user, token));
            }
        }

        await Task.Delay(Settle, ct).ConfigureAwait(false);
        var before = target.Counter.Snapshot();
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var skipped = 0;
        foreach (var (user, token) in tokens)
        {
            skipped += await devices.SkipAsync(user, token, ct).ConfigureAwait(false) ? 1 : 0;
        }

        var elapsed = System.Diagnostics.Stopwatch.GetElapsedTime(started);
        await Task.Delay(Settle, ct).ConfigureAwait(false);
        var counts = target.Counter.Snapshot().Minus(before);
        Line($"{skipped} of {tokens.Count} sends skipped (trusted_device) in {elapsed.TotalMilliseconds / Math.Max(1, tokens.Count):0.0} ms each");
        PrintTransactions(counts, Math.Max(1, skipped), elapsed + Settle);
        var perLogin = (counts.Total - counts.EmptyPolls) / (double)Math.Max(1, skipped);
        Target("storage transactions per login with a remembered device", "= 1 (the row's read)", $"{perLogin:0.00}",
            skipped == tokens.Count && skipped > 0 && perLogin <= 1.0);
    }

    private static void PrintTransactions(TransactionCounts counts, long logins, TimeSpan elapsed)
    {
        Line($"storage transactions ({logins} logins): per login, by service, operation and status");
        foreach (var (key, n) in counts.ByKey.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            var parts = key.Split('|');
            var idle = key.Contains("(empty)", StringComparison.Ordinal);
            Line($"  {parts[0],-6}{parts[1],-32}{parts[2],4}  {n / (double)logins,6:0.00}{(idle ? $"   (listener idle polling: {n / elapsed.TotalSeconds:0.0}/s)" : "")}");
        }

        var work = counts.Total - counts.EmptyPolls;
        Line($"  = {work / (double)logins:0.00} per login (table {counts.Service("table") / (double)logins:0.00}, queue {(counts.Service("queue") - counts.EmptyPolls) / (double)logins:0.00}), plus {counts.EmptyPolls / (double)logins:0.00} idle polls");
    }

    private static TransactionCounts Add(TransactionCounts a, TransactionCounts b)
    {
        var sum = new Dictionary<string, long>(a.ByKey, StringComparer.Ordinal);
        foreach (var (k, v) in b.ByKey)
        {
            sum[k] = sum.GetValueOrDefault(k) + v;
        }

        return new TransactionCounts(sum);
    }

    private static ProcessCpu Sum(ProcessCpu a, ProcessCpu b) =>
        new(a.Self + b.Self, b.Storage is { } s ? (a.Storage ?? TimeSpan.Zero) + s : a.Storage);

    private static string Ratio(LatencySeries service, LatencySeries floor) =>
        string.Create(CultureInfo.InvariantCulture, $"x{service.Percentile(50) / floor.Percentile(50):0.0}, x{service.Percentile(99) / floor.Percentile(99):0.0}");

    private static string Failures(LoadResult r) =>
        r.Failures.IsEmpty ? "" : "  FAILURES: " + string.Join(", ", r.Failures.Select(p => $"{p.Key} x{p.Value}"));

    private void Target(string what, string goal, string measured, bool? met) => _targets.Add(($"{what} {goal}", measured, met));

    private void PrintTargets(TimeSpan wall)
    {
        Section("Targets");
        foreach (var (what, measured, met) in _targets)
        {
            Line($"{(met is null ? "n/a " : met.Value ? "MET " : "MISS")}  {what}: {measured}");
        }

        Line($"(whole run {wall.TotalSeconds:0} s; load average now {LoadAverage()})");
    }

    private static void Section(string title)
    {
        Console.WriteLine();
        Console.WriteLine("== " + title);
    }

    private static void Line(string text) => Console.WriteLine("  " + text);
}
