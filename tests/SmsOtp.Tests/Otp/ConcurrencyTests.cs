namespace SmsOtp.Tests.Otp;

/// <summary>The limits hold under parallel requests on real Azurite (spec §2.3 "Concurrency").</summary>
public sealed class ConcurrencyTests
{
    private const int Parallel = 30;
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task Thirty_parallel_right_codes_give_exactly_one_verified()
    {
        await using var h = await ServiceHarness.CreateAsync();
        var user = new UserKey("default", "race-right");
        await h.CreateUserAsync(user);
        var (id, code) = await h.SendAndDeliverAsync(user);

        using var start = new ManualResetEventSlim();
        var tasks = Enumerable.Range(0, Parallel).Select(_ => Task.Run(async () =>
        {
            start.Wait();
            return (await h.Otp.VerifyAsync(id, code, None))!.Status;
        })).ToArray();
        start.Set();
        var statuses = await Task.WhenAll(tasks);

        Assert.Equal(1, statuses.Count(s => s == OtpStatuses.Verified));
        Assert.All(statuses.Where(s => s != OtpStatuses.Verified), s => Assert.Equal(OtpStatuses.Consumed, s));
    }

    [Fact]
    public async Task Thirty_parallel_wrong_codes_are_evaluated_at_most_MaxAttemptsPerChallenge_times()
    {
        await using var h = await ServiceHarness.CreateAsync(new Dictionary<string, string?>
        {
            ["SmsOtp:AccountLock:MaxFailedAttempts"] = "100",
        });
        var user = new UserKey("default", "race-wrong");
        await h.CreateUserAsync(user);
        var (id, code) = await h.SendAndDeliverAsync(user);
        var wrong = ServiceHarness.Wrong(code);

        using var start = new ManualResetEventSlim();
        var tasks = Enumerable.Range(0, Parallel).Select(_ => Task.Run(async () =>
        {
            start.Wait();
            return (await h.Otp.VerifyAsync(id, wrong, None))!;
        })).ToArray();
        start.Set();
        var results = await Task.WhenAll(tasks);

        var invalid = results.Where(r => r.Status == OtpStatuses.InvalidCode).ToList();
        Assert.Equal(3, invalid.Count);
        Assert.Equal([0, 1, 2], invalid.Select(r => r.AttemptsRemaining!.Value).Order());
        Assert.All(results.Except(invalid), r => Assert.Equal(OtpStatuses.AttemptsExhausted, r.Status));
        Assert.Equal(3, (await h.Profiles.GetAsync(user, None)).Value!.FailedAttempts);
        Assert.Equal(OtpStatuses.AttemptsExhausted, (await h.Otp.VerifyAsync(id, code, None))!.Status);
    }

    [Fact]
    public async Task Parallel_wrong_codes_lock_the_account_exactly_once()
    {
        await using var h = await ServiceHarness.CreateAsync(new Dictionary<string, string?>
        {
            ["SmsOtp:MaxAttemptsPerChallenge"] = "50",
            ["SmsOtp:AccountLock:MaxFailedAttempts"] = "5",
        });
        var user = new UserKey("default", "race-lock");
        await h.CreateUserAsync(user);
        var (id, code) = await h.SendAndDeliverAsync(user);
        var wrong = ServiceHarness.Wrong(code);

        var results = await Task.WhenAll(Enumerable.Range(0, Parallel).Select(_ => Task.Run(() => h.Otp.VerifyAsync(id, wrong, None))));

        Assert.Equal(4, results.Count(r => r!.Status == OtpStatuses.InvalidCode));
        Assert.Equal(Parallel - 4, results.Count(r => r!.Status == OtpStatuses.Locked));
        Assert.Single(results.Where(r => r!.Status == OtpStatuses.Locked).Select(r => r!.LockedUntil).Distinct());
    }
}
