namespace SmsOtp.Tests.FraudGuard;

/// <summary>
/// The guard across instances and over time (spec §9): counts merged through the shared table by the background sync,
/// the worst-case overshoot of docs/security.md, suspensions doubling, the spending caps, and a storage outage.
/// Each instance is a separate DI graph (its own in-memory counts) on the same Azurite table.
/// </summary>
public sealed class SharedCountsTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    private static Dictionary<string, string?> Settings(params (string Key, string Value)[] extra)
    {
        var settings = new Dictionary<string, string?>
        {
            ["SmsOtp:FraudGuard:MinSends"] = "10",
            ["SmsOtp:FraudGuard:FlushSeconds"] = "300", // the tests sync explicitly
            ["SmsOtp:RateLimits:SendsPerNumberPerHour"] = "1000",
            ["SmsOtp:RateLimits:SendsPerUserPerHour"] = "1000",
        };
        foreach (var (k, v) in extra)
        {
            settings[k] = v;
        }

        return settings;
    }

    private static async Task<List<UserKey>> BotsAsync(ServiceHarness h, int count, string prefix = "+3706120")
    {
        var users = Enumerable.Range(0, count).Select(i => new UserKey("acme", $"bot{i}")).ToList();
        for (var i = 0; i < count; i++)
        {
            await h.CreateUserAsync(users[i], $"{prefix}{i:D4}");
        }

        return users;
    }

    private static async Task<(int Sent, int Suspended)> SendAllAsync(ServiceHarness h, IEnumerable<UserKey> users)
    {
        var results = new List<Outcome<SendResponse>>();
        foreach (var u in users)
        {
            results.Add(await h.Otp.SendAsync(u, None));
        }

        return (results.Count(r => r.Value?.Status == OtpStatuses.Sent), results.Count(r => r.Problem?.Code == ProblemCodes.DestinationSuspended));
    }

    private static Task SyncAsync(ServiceHarness h) => h.Services.GetRequiredService<FraudGuardSync>().SyncAsync(None);

    [Fact]
    public async Task Two_instances_merge_their_counts_through_the_shared_rows()
    {
        await using var a = await ServiceHarness.CreateAsync(Settings());
        var shared = Settings();
        shared["SmsOtp:Storage:UsersTable"] = a.Table;
        shared["SmsOtp:Storage:DeliveryQueue"] = a.Queue;
        shared["SmsOtp:Storage:FraudGuardTable"] = a.Services.GetRequiredService<IOptions<StorageOptions>>().Value.FraudGuardTable;
        await using var b = await ServiceHarness.CreateAsync(shared);
        var bots = await BotsAsync(a, 40);

        // Six through each instance: neither alone reaches MinSends (10).
        Assert.Equal((6, 0), await SendAllAsync(a, bots[..6]));
        Assert.Equal((6, 0), await SendAllAsync(b, bots[6..12]));

        // One sync each, writer first: B now sees A's six (A, not synced again, still only its own).
        await SyncAsync(a);
        await SyncAsync(b);

        // B judges its next send on the merged counts: 12 sent, 0 verified, so it suspends the destination.
        Assert.Equal((0, 2), await SendAllAsync(b, bots[12..14]));
        var judged = Assert.Single(b.Logs.GetSnapshot(), r => r.Id.Id == 8101);
        Assert.Equal("12", judged.GetStructuredStateValue("Sent"));
        Assert.Equal("0", judged.GetStructuredStateValue("Verified"));
        var retryB = (await b.Otp.SendAsync(bots[14], None)).Problem!.RetryAfter;

        // The suspension reaches A through the shared row at the next syncs; before them A, which counts only its own six, still sends.
        Assert.Equal((1, 0), await SendAllAsync(a, bots[15..16]));
        await SyncAsync(b);
        var row = await b.Services.GetRequiredService<FraudGuardStore>().Table.GetEntityAsync<TableEntity>(FraudGuardStore.SuspensionPartition, "37061");
        var until = row.Value.GetDateTimeOffset("Until");
        Assert.Equal(until - b.Time.GetUtcNow(), retryB);
        await SyncAsync(a);

        // A refuses until the same end, without judging on its own (no suspension logged by A).
        Assert.Equal((0, 2), await SendAllAsync(a, bots[16..18]));
        Assert.Equal(until - a.Time.GetUtcNow(), (await a.Otp.SendAsync(bots[18], None)).Problem!.RetryAfter);
        Assert.DoesNotContain(a.Logs.GetSnapshot(), r => r.Id.Id == 8101);
    }

    [Fact]
    public async Task Without_a_sync_the_overshoot_is_at_most_MinSends_per_other_instance()
    {
        await using var a = await ServiceHarness.CreateAsync(Settings());
        var shared = Settings();
        shared["SmsOtp:Storage:UsersTable"] = a.Table;
        shared["SmsOtp:Storage:DeliveryQueue"] = a.Queue;
        shared["SmsOtp:Storage:FraudGuardTable"] = a.Services.GetRequiredService<IOptions<StorageOptions>>().Value.FraudGuardTable;
        await using var b = await ServiceHarness.CreateAsync(shared);
        var bots = await BotsAsync(a, 40);

        // docs/security.md: N instances that have not synced admit at most N x MinSends; each refuses past its own MinSends.
        var (sentA, refusedA) = await SendAllAsync(a, bots[..20]);
        var (sentB, refusedB) = await SendAllAsync(b, bots[20..]);
        Assert.Equal(10, sentA);
        Assert.Equal(10, sentB);
        Assert.Equal(20, refusedA + refusedB);
        Assert.True(sentA + sentB <= 2 * 10);
    }

    [Fact]
    public async Task A_suspension_ends_after_SuspendMinutes_and_doubles_when_the_destination_is_pumped_again()
    {
        await using var h = await ServiceHarness.CreateAsync(Settings(("SmsOtp:FraudGuard:SuspendMinutes", "30")));
        var bots = await BotsAsync(h, 60);
        Assert.Equal((10, 1), await SendAllAsync(h, bots[..11]));
        var first = await h.Otp.SendAsync(bots[11], None);
        Assert.Equal(TimeSpan.FromMinutes(30), first.Problem!.RetryAfter);

        // After the suspension, the evidence judged starts afresh: MinSends more before the second, twice as long.
        h.Time.Advance(TimeSpan.FromMinutes(31));
        Assert.Equal((10, 1), await SendAllAsync(h, bots[20..31]));
        var second = await h.Otp.SendAsync(bots[31], None);
        Assert.Equal(TimeSpan.FromMinutes(60), second.Problem!.RetryAfter);
    }

    [Fact]
    public async Task Verified_codes_keep_a_busy_destination_open_and_trusted_prefixes_are_never_judged()
    {
        await using var h = await ServiceHarness.CreateAsync(Settings(("SmsOtp:FraudGuard:TrustedPrefixes", "4479")));

        // 30 logins to one prefix, a third of them verified (above MinConversionRate 0.2): never refused.
        var users = await BotsAsync(h, 30, "+9477100");
        for (var i = 0; i < users.Count; i++)
        {
            var (id, code) = await h.SendAndDeliverAsync(users[i]);
            if (i % 3 == 0)
            {
                Assert.Equal(OtpStatuses.Verified, (await h.Otp.VerifyAsync(id, code, None))!.Status);
            }
        }

        // A trusted prefix is never suspended, however poor its conversion.
        var trusted = await BotsAsync(h, 40, "+44791100");
        Assert.Equal((40, 0), await SendAllAsync(h, trusted));
    }

    [Fact]
    public async Task MaxSmsPerHour_caps_all_tenants_and_a_tenant_its_own()
    {
        await using var h = await ServiceHarness.CreateAsync(Settings(
            ("SmsOtp:FraudGuard:MaxSmsPerHour", "8"), ("SmsOtp:Tenants:beta:FraudGuard:MaxSmsPerHour", "3")));

        // Real users (distinct prefixes, all verified) so only the caps can refuse.
        var beta = Enumerable.Range(0, 5).Select(i => new UserKey("beta", $"b{i}")).ToList();
        var acme = Enumerable.Range(0, 8).Select(i => new UserKey("acme", $"a{i}")).ToList();
        for (var i = 0; i < beta.Count; i++)
        {
            await h.CreateUserAsync(beta[i], $"+44791{i}123456");
        }

        for (var i = 0; i < acme.Count; i++)
        {
            await h.CreateUserAsync(acme[i], $"+9477{i}123456");
        }

        Assert.Equal((3, 2), await SendAllAsync(h, beta));
        var refused = await h.Otp.SendAsync(beta[0], None);
        Assert.Equal(429, refused.Problem!.Status);
        Assert.InRange(refused.Problem.RetryAfter!.Value, TimeSpan.FromSeconds(1), TimeSpan.FromHours(1));

        // The global cap counts beta's three: acme gets five more, then the cap refuses everyone.
        Assert.Equal((5, 3), await SendAllAsync(h, acme));

        // The hour slides: an hour later there is room again.
        h.Time.Advance(TimeSpan.FromMinutes(61));
        Assert.Equal((1, 0), await SendAllAsync(h, acme[..1]));
    }

    [Fact]
    public async Task Storage_failing_under_the_sync_fails_open_logs_once_and_never_throws()
    {
        await using var h = await ServiceHarness.CreateAsync(Settings());
        var bots = await BotsAsync(h, 15);
        Assert.Equal((5, 0), await SendAllAsync(h, bots[..5]));

        // A store on a port where nothing listens: every storage call fails.
        var broken = new TableServiceClient(
            "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;TableEndpoint=http://127.0.0.1:9/devstoreaccount1",
            new TableClientOptions { Retry = { MaxRetries = 0, NetworkTimeout = TimeSpan.FromSeconds(2) } });
        var store = new FraudGuardStore(broken, h.Services.GetRequiredService<IOptions<StorageOptions>>());
        var sync = new FraudGuardSync(h.Services.GetRequiredService<DestinationGuard>(), store,
            h.Services.GetRequiredService<TenantOptions<FraudGuardOptions>>(), h.Services.GetRequiredService<IConfiguration>(), h.Time,
            h.Services.GetRequiredService<ILogger<FraudGuardSync>>());
        await sync.SyncAsync(None);
        await sync.SyncAsync(None);
        Assert.Single(h.Logs.GetSnapshot(), r => r.Id.Id == 8102); // the second failure finds the outage known


        // Decisions go on from this instance's live counts: still judged, still refusing past MinSends.
        Assert.Equal((5, 5), await SendAllAsync(h, bots[5..]));

        // Storage back: the counts not yet written are written.
        await SyncAsync(h);
        var table = h.Services.GetRequiredService<FraudGuardStore>().Table;
        var rows = await table.QueryAsync<TableEntity>().ToListAsync();
        Assert.Contains(rows, r => r.RowKey == "37061");
        Assert.Contains(rows, r => r.PartitionKey == FraudGuardStore.SuspensionPartition && r.RowKey == "37061");
    }
}
