namespace SmsOtp.Tests.Otp;

/// <summary>Resend (spec §2.4): a new code, cooldown, limit, disabled, and the states that refuse it.</summary>
public sealed class ResendTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task Resend_issues_a_new_code_and_the_old_one_stops_working()
    {
        await using var h = await ServiceHarness.CreateAsync();
        var user = new UserKey("default", "resender");
        await h.CreateUserAsync(user);
        var (id, oldCode) = await h.SendAndDeliverAsync(user);

        var early = await h.Otp.ResendAsync(id, None);
        Assert.Equal(429, early.Problem!.Status);
        Assert.Equal(ProblemCodes.ResendTooSoon, early.Problem.Code);
        Assert.Equal(TimeSpan.FromSeconds(30), early.Problem.RetryAfter);

        h.Time.Advance(TimeSpan.FromSeconds(30));
        var resent = await h.Otp.ResendAsync(id, None);
        Assert.Equal(OtpStatuses.Sent, resent.Value!.Status);
        Assert.Equal(id, resent.Value.ChallengeId);
        await h.DeliverAllAsync();
        var newCode = h.LastCode();

        if (newCode != oldCode)
        {
            Assert.Equal(OtpStatuses.InvalidCode, (await h.Otp.VerifyAsync(id, oldCode, None))!.Status);
        }

        Assert.Equal(OtpStatuses.Verified, (await h.Otp.VerifyAsync(id, newCode, None))!.Status);
        Assert.Equal(2, h.Sender.Sent.Count);
    }

    [Fact]
    public async Task Resend_limit_is_MaximumResendAttempts()
    {
        await using var h = await ServiceHarness.CreateAsync(new Dictionary<string, string?>
        {
            ["SmsOtp:MaximumResendAttempts"] = "2",
            ["SmsOtp:ResendCooldownSeconds"] = "0",
        });
        var user = new UserKey("default", "limit");
        await h.CreateUserAsync(user);
        var (id, _) = await h.SendAndDeliverAsync(user);

        Assert.NotNull((await h.Otp.ResendAsync(id, None)).Value);
        Assert.NotNull((await h.Otp.ResendAsync(id, None)).Value);
        var third = await h.Otp.ResendAsync(id, None);
        Assert.Equal(429, third.Problem!.Status);
        Assert.Equal(ProblemCodes.ResendLimitReached, third.Problem.Code);
    }

    [Fact]
    public async Task Resend_disabled_is_403()
    {
        await using var h = await ServiceHarness.CreateAsync(new Dictionary<string, string?> { ["SmsOtp:ResendEnable"] = "false" });
        var user = new UserKey("default", "noresend");
        await h.CreateUserAsync(user);
        var (id, _) = await h.SendAndDeliverAsync(user);
        var result = await h.Otp.ResendAsync(id, None);
        Assert.Equal(403, result.Problem!.Status);
        Assert.Equal(ProblemCodes.ResendDisabled, result.Problem.Code);
    }

    [Fact]
    public async Task Resend_refuses_verified_exhausted_awaiting_and_unknown_challenges()
    {
        await using var h = await ServiceHarness.CreateAsync(new Dictionary<string, string?>
        {
            ["SmsOtp:ResendCooldownSeconds"] = "0",
            ["SmsOtp:RetryEnable"] = "false",
            ["SmsOtp:Mandatory"] = "true",
        });
        var verifiedUser = new UserKey("default", "v");
        await h.CreateUserAsync(verifiedUser);
        var (id, code) = await h.SendAndDeliverAsync(verifiedUser);
        await h.Otp.VerifyAsync(id, code, None);
        Assert.Equal(ProblemCodes.ChallengeState, (await h.Otp.ResendAsync(id, None)).Problem!.Code);

        var exhaustedUser = new UserKey("default", "x");
        await h.CreateUserAsync(exhaustedUser);
        (id, code) = await h.SendAndDeliverAsync(exhaustedUser);
        await h.Otp.VerifyAsync(id, ServiceHarness.Wrong(code), None);
        Assert.Equal(409, (await h.Otp.ResendAsync(id, None)).Problem!.Status);

        var awaitingUser = new UserKey("default", "a");
        await h.CreateUserAsync(awaitingUser, mobile: null);
        var awaiting = await h.Otp.SendAsync(awaitingUser, None);
        Assert.Equal(OtpStatuses.MobileRequired, awaiting.Value!.Status);
        Assert.Equal(ProblemCodes.ChallengeState, (await h.Otp.ResendAsync(awaiting.Value.ChallengeId, None)).Problem!.Code);

        Assert.Equal(ProblemCodes.ChallengeNotFound, (await h.Otp.ResendAsync(null, None)).Problem!.Code);
    }
}
