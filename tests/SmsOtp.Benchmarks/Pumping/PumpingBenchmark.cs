using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Azure.Data.Tables;
using SmsOtp.Core.Storage;
using SmsOtp.Core.Users;
using SmsOtp.LocalServer;

namespace SmsOtp.Benchmarks.Pumping;

/// <summary>
/// SMS pumping against the fraud guard (spec §9, docs/security.md): a bot rotates <c>--pumping-bots</c> users over
/// numbers in one prefix (<c>37061</c>, Lithuanian mobiles) and never verifies, while real users log in (send, SMS,
/// verify) at the same time. The same run is made with the guard <c>off</c> and in <c>block</c> mode, each on fresh
/// tables; the difference in the bot's SMS is the SMS saved. Real users must never be refused.
/// </summary>
public sealed class PumpingBenchmark(BenchOptions o)
{
    private const string BotPrefix = "+370612";
    private static readonly TimeSpan SmsTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(1.5);

    public async Task<int> RunAsync(CancellationToken ct)
    {
        Console.WriteLine("SMS OTP benchmark: pumping");
        Console.WriteLine($"  command   : {string.Join(' ', Environment.GetCommandLineArgs().Skip(1))}");
        Console.WriteLine($"  machine   : {Environment.ProcessorCount} logical cores");
        Console.WriteLine($"  run       : {o.PumpingAttempts} bot sends over {o.PumpingBots} users (numbers {BotPrefix}xxxxx, never verified), "
            + $"{o.PumpingLogins} real logins at concurrency {o.Concurrency} (numbers +94770xxxxxx, verified), at the same time");
        await using var azurite = o.Storage is null ? await AzuriteProcess.StartAsync(ct).ConfigureAwait(false) : null;
        var storage = o.Storage ?? azurite!.ConnectionString;

        var off = await PassAsync("off", storage, ct).ConfigureAwait(false);
        var block = await PassAsync("block", storage, ct).ConfigureAwait(false);

        Section("Result");
        Line($"bot SMS: guard off {off.BotSent}, guard block {block.BotSent}: {off.BotSent - block.BotSent} SMS saved "
            + $"({(off.BotSent == 0 ? 0 : (off.BotSent - block.BotSent) / (double)off.BotSent):P1} of the bot's SMS)");
        Line($"the guard closed {BotPrefix[1..6]} after {block.BotSent} SMS (MinSends {block.MinSends}; one instance: overshoot 0)");
        Line($"real logins verified: off {off.RealVerified}/{o.PumpingLogins}, block {block.RealVerified}/{o.PumpingLogins}; "
            + $"real users refused by the guard: {block.RealRefusedByGuard}");
        Line($"storage transactions of the whole pass (service clients): off {off.Transactions:N0}, block {block.Transactions:N0} "
            + $"(a refused bot send costs one point read of the user's row)");
        Line($"fraud guard background sync (own table): off {off.GuardTransactions}, block {block.GuardTransactions} "
            + $"in {block.Elapsed.TotalSeconds:0} s (~{block.GuardTransactions / Math.Max(1, block.Elapsed.TotalSeconds):0.0}/s, per instance, not per login)");
        var ok = block.BotSent <= block.MinSends && block.RealRefusedByGuard == 0 && block.RealVerified == o.PumpingLogins;
        Line(ok ? "MET   bot <= MinSends, no real user refused, every real login verified" : "MISS  see above");
        return ok ? 0 : 1;
    }

    private sealed record Pass(int BotSent, int BotRefused, int RealVerified, int RealRefusedByGuard, long Transactions, long GuardTransactions,
        TimeSpan Elapsed, int MinSends);

    private async Task<Pass> PassAsync(string mode, string storage, CancellationToken ct)
    {
        Section($"Guard {mode}");
        var runId = RandomNumberGenerator.GetHexString(6, lowercase: true);
        var table = $"pump{runId}users";
        var queue = $"pump-{runId}-sms";
        var settings = new Dictionary<string, string?>(o.Settings, StringComparer.OrdinalIgnoreCase) { ["SmsOtp:FraudGuard:Mode"] = mode };
        await using var provider = await FakeSmsProvider.StartAsync(0, ct).ConfigureAwait(false);
        await using var target = await ServiceTarget.StartInProcessAsync(storage, table, queue, provider.Url, settings, ct).ConfigureAwait(false);
        var minSends = int.Parse(settings.GetValueOrDefault("SmsOtp:FraudGuard:MinSends") ?? "20", CultureInfo.InvariantCulture);

        var users = new TableServiceClient(storage).GetTableClient(table);
        await users.CreateIfNotExistsAsync(ct).ConfigureAwait(false);
        await UserSeeder.SeedAsync(users, 0, Math.Max(o.Concurrency, Math.Min(o.Users, o.PumpingLogins)), o.SeedConcurrency, ct).ConfigureAwait(false);
        await Parallel.ForEachAsync(Enumerable.Range(0, o.PumpingBots), new ParallelOptions { MaxDegreeOfParallelism = o.SeedConcurrency, CancellationToken = ct },
            async (i, token) => await users.UpsertEntityAsync(Bot(i), TableUpdateMode.Replace, token).ConfigureAwait(false)).ConfigureAwait(false);

        var before = target.Counter!.Snapshot();
        var guardBefore = target.GuardCounter!.Snapshot();
        var outcomes = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        var started = Stopwatch.GetTimestamp();
        var bot = Task.Run(async () =>
        {
            var next = -1;
            await Task.WhenAll(Enumerable.Range(0, 2).Select(async _ =>
            {
                for (var k = Interlocked.Increment(ref next); k < o.PumpingAttempts; k = Interlocked.Increment(ref next))
                {
                    using var response = await target.Client.PostAsJsonAsync("api/otp/send",
                        new { tenant = BenchUser.Tenant, userId = "bot" + (k % o.PumpingBots).ToString(CultureInfo.InvariantCulture) }, ct).ConfigureAwait(false);
                    var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false)).RootElement;
                    var outcome = body.TryGetProperty("status", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString()!
                        : body.TryGetProperty("code", out var c) ? c.GetString()! : ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture);
                    outcomes.AddOrUpdate(outcome, 1, (_, n) => n + 1);
                }
            })).ConfigureAwait(false);
        }, ct);
        var login = new ServiceLogin(target.Client, provider, SmsTimeout);
        var real = await VirtualUsers.RunAsync(o.PumpingLogins, o.Concurrency, Math.Max(o.Concurrency, Math.Min(o.Users, o.PumpingLogins)), false,
            login.RunAsync, ct).ConfigureAwait(false);
        await bot.ConfigureAwait(false);
        var elapsed = Stopwatch.GetElapsedTime(started);
        await Task.Delay(Settle, ct).ConfigureAwait(false);
        var counts = target.Counter.Snapshot().Minus(before);
        var guardCounts = target.GuardCounter.Snapshot().Minus(guardBefore);

        var sent = outcomes.GetValueOrDefault("sent");
        Line($"bot: {o.PumpingAttempts} sends -> " + string.Join(", ", outcomes.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key} {p.Value}")));
        var refusedByGuard = real.Failures.Where(f => f.Key.Contains("destination_suspended", StringComparison.Ordinal)).Sum(f => f.Value);
        Line($"real: {real.Succeeded} logins verified in {real.Elapsed.TotalSeconds:0.0} s"
            + (real.Failures.IsEmpty ? "" : "  FAILURES: " + string.Join(", ", real.Failures.Select(p => $"{p.Key} x{p.Value}"))));
        Line($"storage transactions: {counts.Total - counts.EmptyPolls:N0} (+ {counts.EmptyPolls} idle polls); fraud guard sync {guardCounts.Total}");
        return new Pass(sent, o.PumpingAttempts - sent, (int)real.Succeeded, refusedByGuard, counts.Total - counts.EmptyPolls, guardCounts.Total, elapsed, minSends);
    }

    private static UserRecord Bot(int i) => new()
    {
        PartitionKey = new UserKey(BenchUser.Tenant, "bot" + i.ToString(CultureInfo.InvariantCulture)).PartitionKey,
        Tenant = BenchUser.Tenant,
        UserId = "bot" + i.ToString(CultureInfo.InvariantCulture),
        HasProfile = true,
        Mobile = BotPrefix + i.ToString("D5", CultureInfo.InvariantCulture),
    };

    private static void Section(string title)
    {
        Console.WriteLine();
        Console.WriteLine("== " + title);
    }

    private static void Line(string text) => Console.WriteLine("  " + text);
}
