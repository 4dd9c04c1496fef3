namespace SmsOtp.Tests.Otp;

/// <summary>The challenge's rules on a row in memory: finding, state at a time, and each change.</summary>
public sealed class ChallengeTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 26, 8, 0, 0, TimeSpan.Zero);
    private static readonly byte[] Key = new byte[32];

    private static (UserRecord Row, Challenge Challenge) Issued(PolicyOptions? policy = null)
    {
        var user = new UserKey("acme", "alice");
        var row = new UserRecord { PartitionKey = user.PartitionKey, Tenant = user.Tenant, UserId = user.UserId, HasProfile = true };
        var challenge = Challenge.Start(row, policy ?? new PolicyOptions(), T0);
        challenge.IssueCode("+94778888888", Key, T0);
        return (row, challenge);
    }

    [Fact]
    public void Find_matches_only_the_current_challenge_of_the_row()
    {
        var (row, challenge) = Issued();
        Assert.NotNull(Challenge.Find(row, challenge.Id, new PolicyOptions()));
        Assert.Null(Challenge.Find(row, ChallengeId.New(row.PartitionKey), new PolicyOptions()));
        Assert.Null(Challenge.Find(null, challenge.Id, new PolicyOptions()));
        Assert.Null(Challenge.Find(row, challenge.Id with { PartitionKey = new UserKey("acme", "bob").PartitionKey }, new PolicyOptions()));

        var newer = Challenge.Start(row, new PolicyOptions(), T0.AddSeconds(1));
        Assert.Null(Challenge.Find(row, challenge.Id, new PolicyOptions()));
        Assert.NotNull(Challenge.Find(row, newer.Id, new PolicyOptions()));
    }

    [Fact]
    public void The_state_follows_time_attempts_and_success()
    {
        var (_, challenge) = Issued();
        Assert.Equal(ChallengeStatus.Pending, challenge.StatusAt(T0));
        Assert.Equal(ChallengeStatus.Expired, challenge.StatusAt(T0.AddSeconds(300)));

        challenge.Fail(T0);
        challenge.Fail(T0);
        Assert.Equal(ChallengeStatus.Pending, challenge.StatusAt(T0));
        Assert.Equal(1, challenge.AttemptsRemaining);
        challenge.Fail(T0);
        Assert.Equal(ChallengeStatus.AttemptsExhausted, challenge.StatusAt(T0));
        Assert.Equal(OtpStatuses.AttemptsExhausted, challenge.Verdict(T0));

        var (_, other) = Issued();
        other.Succeed(T0);
        Assert.Equal(ChallengeStatus.Verified, other.StatusAt(T0));
        Assert.Equal(OtpStatuses.Consumed, other.Verdict(T0));
    }

    [Fact]
    public void A_challenge_waiting_for_a_number_expires_with_the_token_lifetime()
    {
        var user = new UserKey("acme", "new");
        var row = new UserRecord { PartitionKey = user.PartitionKey };
        var challenge = Challenge.Start(row, new PolicyOptions(), T0);
        challenge.AwaitMobile(Challenge.ModeDirect);

        Assert.Equal(ChallengeStatus.AwaitingMobile, challenge.StatusAt(T0.AddSeconds(299)));
        Assert.Null(challenge.RefuseMobile(T0.AddSeconds(299)));
        Assert.Equal(ChallengeStatus.Expired, challenge.StatusAt(T0.AddSeconds(300)));
        Assert.Equal(ProblemCodes.ChallengeState, challenge.RefuseMobile(T0.AddSeconds(300))!.Code);
        Assert.Equal(ProblemCodes.ChallengeState, challenge.RefuseResend(T0)!.Code);
    }

    [Fact]
    public void Only_the_current_code_matches_and_case_matters_only_for_digits()
    {
        var policy = new PolicyOptions { AlphanumericToken = true };
        var (_, challenge) = Issued(policy);
        var code = challenge.IssueCode("+94778888888", Key, T0).Code;
        Assert.True(challenge.MatchesCode([Key], " " + code.ToLowerInvariant() + " "));
        Assert.False(challenge.MatchesCode([new byte[32].Select(_ => (byte)1).ToArray()], code));

        var next = challenge.IssueCode("+94778888888", Key, T0).Code;
        Assert.Equal(next == code, challenge.MatchesCode([Key], code));
        Assert.True(challenge.MatchesCode([Key], next));
    }

    [Fact]
    public void Lock_comes_before_every_state_but_consumed()
    {
        var policy = new PolicyOptions { AccountLock = { MaxFailedAttempts = 2 } };
        var (row, challenge) = Issued(policy);
        Assert.Null(challenge.Fail(T0).LockedUntil);
        var locked = challenge.Fail(T0).LockedUntil;
        Assert.Equal(T0.AddSeconds(300), locked);
        Assert.Equal(OtpStatuses.Locked, challenge.Verdict(T0));
        Assert.Equal(ProblemCodes.AccountLocked, challenge.RefuseResend(T0.AddSeconds(60))!.Code);
        Assert.Equal(locked, AccountLock.ActiveUntil(row, T0));
        Assert.Null(AccountLock.ActiveUntil(row, T0.AddSeconds(300)));
    }

    [Fact]
    public void Resend_is_refused_by_limit_then_cooldown_and_allowed_for_an_expired_code()
    {
        var policy = new PolicyOptions { MaximumResendAttempts = 1 };
        var (_, challenge) = Issued(policy);
        Assert.Equal(ProblemCodes.ResendTooSoon, challenge.RefuseResend(T0.AddSeconds(10))!.Code);
        Assert.Equal(TimeSpan.FromSeconds(20), challenge.RefuseResend(T0.AddSeconds(10))!.RetryAfter);
        Assert.Null(challenge.RefuseResend(T0.AddSeconds(400))); // expired: a resend is how to get a new code

        challenge.CountResend();
        Assert.Equal(0, challenge.ResendsRemaining);
        Assert.Equal(ProblemCodes.ResendLimitReached, challenge.RefuseResend(T0.AddSeconds(400))!.Code);
    }

    [Fact]
    public void A_captured_number_is_written_to_the_profile_only_on_success_and_only_once()
    {
        var user = new UserKey("acme", "capture");
        var row = new UserRecord { PartitionKey = user.PartitionKey, HasProfile = true };
        var challenge = Challenge.Start(row, new PolicyOptions(), T0);
        challenge.AwaitMobile(Challenge.ModeCapture);
        challenge.IssueCode("+94778888888", Key, T0);
        Assert.Null(row.Mobile);

        Assert.True(challenge.Succeed(T0));
        Assert.Equal("+94778888888", row.Mobile);

        var again = Challenge.Start(row, new PolicyOptions(), T0);
        again.AwaitMobile(Challenge.ModeCapture);
        again.IssueCode("+94771111111", Key, T0);
        Assert.False(again.Succeed(T0));
        Assert.Equal("+94778888888", row.Mobile);
    }
}
