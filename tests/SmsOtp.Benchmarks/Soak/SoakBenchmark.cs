using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using SmsOtp.LocalServer;
using SmsOtp.Testing;
using static SmsOtp.Benchmarks.BenchMachine;

namespace SmsOtp.Benchmarks.Soak;

/// <summary>
/// The soak (issue 12, item 9): full logins against the in-process local server while the fault schedule
/// makes the SMS provider fail, throttle, reset and answer slowly, and makes storage slow, refuse and reset
/// connections (<see cref="StorageFaultProxy"/> between the service and Azurite). Each login is a new user
/// (no login supersedes another's code); logins start at an even pace spread over the schedule. Reports SMS
/// lost, duplicated, 5xx answers and refused verifies; exits 1 unless every one of them is 0.
/// </summary>
public sealed class SoakBenchmark(BenchOptions o)
{
    /// <summary>The provider timeout the soak configures (the default is 10 s): slow and late answers then cost seconds, not tens of them.</summary>
    public static readonly TimeSpan ProviderTimeout = TimeSpan.FromSeconds(5);

    private const int WarmupLogins = 50;

    public async Task<int> RunAsync(CancellationToken ct)
    {
        var wall = Stopwatch.StartNew();
        var runId = RandomNumberGenerator.GetHexString(6, lowercase: true);
        var clock = new SoakClock();
        var breaker = o.Settings.TryGetValue("SmsOtp:Delivery:BreakerDurationSeconds", out var b) && int.TryParse(b, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var seconds)
            ? TimeSpan.FromSeconds(seconds)
            : TimeSpan.FromSeconds(30);
        var schedule = FaultSchedule.Build(o.SoakSeed, o.SoakPasses, o.Quick, ProviderTimeout, breaker);
        var logPath = o.SoakLog ?? Path.Combine(Path.GetTempPath(), $"smsotp-soak-{runId}.log");
        using var log = new SoakLogFile(logPath, clock);

        Console.WriteLine("SMS OTP soak");
        Console.WriteLine($"  command   : {string.Join(' ', Environment.GetCommandLineArgs().Skip(1))}");
        Console.WriteLine($"  machine   : {Environment.ProcessorCount} logical cores, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}");
        Console.WriteLine($"  settings  : {o.SoakLogins} logins (a new user each), {o.SoakConcurrency} virtual users, patience {o.SoakPatience.TotalSeconds:0} s, seed {o.SoakSeed}, {o.SoakPasses} pass(es){(o.Quick ? ", quick schedule" : "")}");
        Console.WriteLine($"  service   : local server in this process, storage through StorageFaultProxy, provider timeout {ProviderTimeout.TotalSeconds:0} s, tenant ceiling raised as in the load run, every other setting default");
        Console.WriteLine($"  log       : {logPath}");
        Console.WriteLine($"  load avg  : {LoadAverage()} before the run");

        // Storage: the given account, else an Azurite of this run's own, stopped when the run ends.
        await using var azurite = o.Storage is null ? await AzuriteProcess.StartAsync(ct).ConfigureAwait(false) : null;
        var storage = o.Storage ?? azurite!.ConnectionString;
        await using var proxy = StorageFaultProxy.Start(storage, new StorageFaultProxyOptions { Logger = log.CreateLogger("StorageFaultProxy") });
        var pace = o.SoakLogins / schedule.Length.TotalSeconds;
        SoakReport.Section($"Fault schedule (seed {o.SoakSeed}; {schedule.Length.TotalSeconds:0} s; logins start at {pace:0.0}/s over it)");
        foreach (var line in schedule.Describe())
        {
            SoakReport.Line(line);
        }

        var report = await RunScheduleAsync(storage, proxy, schedule, clock, log, runId, ct).ConfigureAwait(false);
        log.Flush();
        report.Print(wall.Elapsed, LoadAverage());
        return report.Passed ? 0 : 1;
    }

    private async Task<SoakReport> RunScheduleAsync(string storage, StorageFaultProxy proxy, FaultSchedule schedule, SoakClock clock, SoakLogFile logFile,
        string runId, CancellationToken ct)
    {
        var soakLog = logFile.CreateLogger("Soak");
        var table = $"soak{runId}users";
        var queue = $"soak-{runId}-sms";
        await using var provider = await FaultySmsProvider.StartAsync(() =>
        {
            var at = clock.Elapsed;
            var window = clock.Started ? schedule.WindowAt(at) : null;
            return (window?.Provider ?? ProviderFault.Healthy, window?.Label ?? "healthy");
        }, ProviderTimeout, o.SoakSeed, ct).ConfigureAwait(false);

        var settings = new Dictionary<string, string?>(o.Settings, StringComparer.OrdinalIgnoreCase);
        settings.TryAdd("SmsOtp:Providers:0:TimeoutSeconds", ((int)ProviderTimeout.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture));
        await using var target = await ServiceTarget.StartInProcessAsync(proxy.ConnectionString, table, queue, provider.Url, settings, logging => logging
            .AddProvider(logFile)
            .SetMinimumLevel(LogLevel.Information)
            .AddFilter("Microsoft", LogLevel.Warning)
            .AddFilter("System", LogLevel.Warning)
            .AddFilter("Azure", LogLevel.Warning)
            .AddFilter("Polly", LogLevel.Error), ct).ConfigureAwait(false);

        // Seeding and control reads go straight to Azurite, past the proxy: they are the benchmark's, not the service's.
        var users = new TableServiceClient(storage).GetTableClient(table);
        await users.CreateIfNotExistsAsync(ct).ConfigureAwait(false);
        var seedTime = await UserSeeder.SeedAsync(users, 0, o.SoakLogins + WarmupLogins, 32, ct).ConfigureAwait(false);
        SoakReport.Section("Set-up");
        SoakReport.Line($"{o.SoakLogins + WarmupLogins:N0} users seeded in {seedTime.TotalSeconds:0.0} s; service at {target.Client.BaseAddress}; provider at {provider.Url}");

        var login = new SoakLogin(target.Client, provider, clock, at => schedule.WindowAt(at)?.Label ?? "healthy", o.SoakPatience);
        var warm = Enumerable.Range(o.SoakLogins, WarmupLogins).Select(i => new SoakLoginRecord(i, new BenchUser(i))).ToList();
        await Parallel.ForEachAsync(warm, new ParallelOptions { MaxDegreeOfParallelism = o.SoakConcurrency, CancellationToken = ct },
            async (r, token) => await login.RunAsync(r, new TaskCompletionSource(), token).ConfigureAwait(false)).ConfigureAwait(false);
        SoakReport.Line($"warm-up: {warm.Count(r => r.Verified)} of {WarmupLogins} logins verified (healthy, not counted)");
        var answersBefore = login.Answers.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        var fiveXxBefore = login.FiveXx.Count;
        var acceptedBefore = provider.Accepted.Count;

        SoakReport.Section("Running (progress every 15 s)");
        clock.Start();
        soakLog.LogInformation("Schedule started: {Windows} windows, {Seconds} s", schedule.Windows.Count, schedule.Length.TotalSeconds);
        using var stopDriver = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var driver = DriveAsync(proxy, schedule, clock, soakLog, stopDriver.Token);
        var probe = new StorageProbe(storage, proxy.ConnectionString, table, new BenchUser(o.SoakLogins).PartitionKey, proxy, clock, soakLog);
        var probing = probe.RunAsync(stopDriver.Token);
        var records = Enumerable.Range(0, o.SoakLogins).Select(i => new SoakLoginRecord(i, new BenchUser(i))).ToArray();
        var logins = new Task[records.Length];
        var next = -1;
        var interval = schedule.Length / o.SoakLogins;
        using var progress = new Timer(_ => Progress(records, clock, schedule), null, TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(15));
        await Task.WhenAll(Enumerable.Range(0, o.SoakConcurrency).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < records.Length)
            {
                var due = interval * i - clock.Elapsed;
                if (due > TimeSpan.Zero)
                {
                    await Task.Delay(due, ct).ConfigureAwait(false);
                }

                var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                logins[i] = login.RunAsync(records[i], release, ct);
                await release.Task.ConfigureAwait(false);
            }
        }, ct))).ConfigureAwait(false);
        var lastStarted = clock.Elapsed;
        soakLog.LogInformation("Every login started; waiting for the ones still waiting for their SMS");
        await Task.WhenAll(logins).ConfigureAwait(false);
        var allDone = clock.Elapsed;

        // Late copies of codes (a second request after a timeout) may still be on their way: a few seconds more.
        await Task.Delay(TimeSpan.FromSeconds(8), ct).ConfigureAwait(false);
        await stopDriver.CancelAsync().ConfigureAwait(false);
        await driver.ConfigureAwait(false);
        try
        {
            await probing.ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The probe only explains; its failure must not cost the run's report.
            soakLog.LogError(e, "The storage probe failed");
        }
        proxy.SetFault(StorageFault.Pass);
        soakLog.LogInformation("Run over");

        var rows = new Dictionary<int, TableEntity?>();
        foreach (var r in records.Where(r => r.Sent && !r.Verified).Take(30))
        {
            var row = await users.GetEntityIfExistsAsync<TableEntity>(r.User.PartitionKey, Core.Storage.UserRecord.Row, cancellationToken: ct).ConfigureAwait(false);
            rows[r.Index] = row.HasValue ? row.Value : null;
        }

        return new SoakReport(o, clock, schedule, records, provider.Accepted.Skip(acceptedBefore).ToList(), provider.Answers,
            login.FiveXx.Skip(fiveXxBefore).ToList(), Minus(login.Answers, answersBefore), rows, target.Counter!.Snapshot(),
            [.. proxy.Changes], lastStarted, allDone, proxy.Traffic(StorageService.Table), proxy.Traffic(StorageService.Queue), logFile, probe);
    }

    /// <summary>Switches the storage proxy as the schedule says, and logs every window's start and end.</summary>
    private static async Task DriveAsync(StorageFaultProxy proxy, FaultSchedule schedule, SoakClock clock, ILogger log, CancellationToken ct)
    {
        try
        {
            foreach (var window in schedule.Windows)
            {
                await Task.Delay(Max(window.Start - clock.Elapsed), ct).ConfigureAwait(false);
                log.LogWarning("Fault window begins: {Label}: {Fault}", window.Label, (object?)window.Provider ?? window.Storage);
                if (window.Storage is { } fault)
                {
                    proxy.SetFault(fault);
                }

                await Task.Delay(Max(window.End - clock.Elapsed), ct).ConfigureAwait(false);
                if (window.Storage is not null)
                {
                    proxy.SetFault(StorageFault.Pass);
                }

                log.LogWarning("Fault window ends: {Label}", window.Label);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The run ended before the schedule (fewer logins than it has room for).
        }
    }

    private static TimeSpan Max(TimeSpan t) => t > TimeSpan.Zero ? t : TimeSpan.Zero;

    private static void Progress(SoakLoginRecord[] records, SoakClock clock, FaultSchedule schedule)
    {
        var at = clock.Elapsed;
        var started = records.Count(r => r.Outcome != "unfinished" || r.SendRequests > 0);
        var done = records.Count(r => r.Outcome != "unfinished");
        var verified = records.Count(r => r.Verified);
        SoakReport.Line($"t={at.TotalSeconds,5:0} s  started {started,5}  verified {verified,5}  ended otherwise {done - verified,3}  in flight {started - done,4}  now: {schedule.WindowAt(at)?.Label ?? "healthy"}");
    }

    private static Dictionary<string, long> Minus(IReadOnlyDictionary<string, long> now, Dictionary<string, long> before) =>
        now.ToDictionary(p => p.Key, p => p.Value - before.GetValueOrDefault(p.Key), StringComparer.Ordinal);
}
