namespace SmsOtp.Tests.Otp;

/// <summary>Verify outcomes (spec §2.3) and the account lock (§3), on real Table Storage with a fake clock.</summary>
public sealed class VerifyTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task Right_code_verifies_once_then_reports_consumed()
    {
        await using var h = await ServiceHarness.CreateAsync();
        var user = new UserKey("acme", "PRIMARY/alice");
        await h.CreateUserAsync(user);
        var (id, code) = await h.SendAndDeliverAsync(user);

        var first = await h.Otp.VerifyAsync(id, code, None);
        Assert.Equal(OtpStatuses.Verified, first!.Status);
        Assert.Equal(OtpStatuses.MethodSms, first.Method);
        Assert.Equal("acme", first.Tenant);
        Assert.Equal("PRIMARY/alice", first.UserId);
        Assert.False(first.MobileUpdated);
        Assert.Equal(h.Time.GetUtcNow(), first.VerifiedAt);

        var second = await h.Otp.VerifyAsync(id, code, None);
        Assert.Equal(OtpStatuses.Consumed, second!.Status);
    }

    [Fact]
    public async Task Wrong_codes_count_down_then_exhaust_the_challenge()
    {
        await using var h = await ServiceHarness.CreateAsync(new Dictionary<string, string?> { ["SmsOtp:RedirectToMultiOptionPageOnFailure"] = "true" });
        var user = new UserKey("default", "bob");
        await h.CreateUserAsync(user);
        var (id, code) = await h.SendAndDeliverAsync(user);

        for (var remaining = 2; remaining >= 0; remaining--)
        {
            var wrong = await h.Otp.VerifyAsync(id, ServiceHarness.Wrong(code), None);
            Assert.Equal(OtpStatuses.InvalidCode, wrong!.Status);
            Assert.Equal(remaining, wrong.AttemptsRemaining);
            Assert.Equal(remaining > 0, wrong.RetryAllowed);
            Assert.True(wrong.RedirectToMultiOptionPage);
        }

        var exhausted = await h.Otp.VerifyAsync(id, code, None);
        Assert.Equal(OtpStatuses.AttemptsExhausted, exhausted!.Status);
        Assert.True(exhausted.RedirectToMultiOptionPage);
    }

    [Fact]
    public async Task RetryEnable_false_allows_one_try()
    {
        await using var h = await ServiceHarness.CreateAsync(new Dictionary<string, string?> { ["SmsOtp:RetryEnable"] = "false" });
        var user = new UserKey("default", "once");
        await h.CreateUserAsync(user);
        var (id, code) = await h.SendAndDeliverAsync(user);

        var wrong = await h.Otp.VerifyAsync(id, ServiceHarness.Wrong(code), None);
        Assert.Equal(OtpStatuses.InvalidCode, wrong!.Status);
        Assert.Equal(0, wrong.AttemptsRemaining);
        Assert.False(wrong.RetryAllowed);
        Assert.Equal(OtpStatuses.AttemptsExhausted, (await h.Otp.VerifyAsync(id, code, None))!.Status);
    }

    [Fact]
    public async Task Code_expires_after_TokenExpirySeconds()
    {
        await using var h = await ServiceHarness.CreateAsync(new Dictionary<string, string?> { ["SmsOtp:TokenExpirySeconds"] = "60" });
        var user = new UserKey("default", "slow");
        await h.CreateUserAsync(user);
        var (id, code) = await h.SendAndDeliverAsync(user);

        h.Time.Advance(TimeSpan.FromSeconds(59));
        var (id2, code2) = (id, code);
        Assert.Equal(OtpStatuses.InvalidCode, (await h.Otp.VerifyAsync(id2, ServiceHarness.Wrong(code2), None))!.Status);
        h.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(OtpStatuses.Expired, (await h.Otp.VerifyAsync(id, code, None))!.Status);
    }

    [Fact]
    public async Task A_new_send_supersedes_the_open_challenge()
    {
        await using var h = await ServiceHarness.CreateAsync();
        var user = new UserKey("default", "twice");
        await h.CreateUserAsync(user);
        var (oldId, oldCode) = await h.SendAndDeliverAsync(user);
        var (newId, newCode) = await h.SendAndDeliverAsync(user);
        Assert.NotEqual(oldId, newId);

        Assert.Null(await h.Otp.VerifyAsync(oldId, oldCode, None)); // 404: the old challenge is gone
        Assert.Equal(OtpStatuses.Verified, (await h.Otp.VerifyAsync(newId, newCode, None))!.Status);
    }

    [Fact]
    public async Task Unknown_or_forged_challenge_ids_are_not_found()
    {
        await using var h = await ServiceHarness.CreateAsync();
        var user = new UserKey("default", "forged");
        await h.CreateUserAsync(user);
        var (id, code) = await h.SendAndDeliverAsync(user);
        var forged = new ChallengeId(id.PartitionKey, Base64Url.Encode(new byte[16]));

        Assert.Null(await h.Otp.VerifyAsync(forged, code, None));
        Assert.False(ChallengeId.TryParse("not-a-challenge", out _)); // never reaches the service: the handler answers 404
        Assert.Null(await h.Otp.VerifyAsync(new ChallengeId(new UserKey("default", "other").PartitionKey, id.Nonce), code, None));
        Assert.Equal(OtpStatuses.Verified, (await h.Otp.VerifyAsync(id, code, None))!.Status);
    }

    [Fact]
    public async Task Alphanumeric_codes_compare_case_insensitively_after_trimming()
    {
        await using var h = await ServiceHarness.CreateAsync(new Dictionary<string, string?>
        {
            ["SmsOtp:AlphanumericToken"] = "true",
            ["SmsOtp:TokenLength"] = "8",
        });
        var user = new UserKey("default", "alnum");
        await h.CreateUserAsync(user);
        var (id, code) = await h.SendAndDeliverAsync(user);
        Assert.Matches("^[A-Z0-9]{8}$", code);

        var result = await h.Otp.VerifyAsync(id, "  " + code.ToLowerInvariant() + "\t", None);
        Assert.Equal(OtpStatuses.Verified, result!.Status);
    }

    [Fact]
    public async Task Failures_across_challenges_lock_the_account_and_the_lock_grows_by_the_ratio()
    {
        await using var h = await ServiceHarness.CreateAsync(new Dictionary<string, string?>
        {
            ["SmsOtp:AccountLock:MaxFailedAttempts"] = "4",
            ["SmsOtp:AccountLock:DurationSeconds"] = "100",
            ["SmsOtp:AccountLock:DurationRatio"] = "3",
        });
        var user = new UserKey("default", "brute");
        await h.CreateUserAsync(user);

        async Task<VerifyResponse> FailAsync(ChallengeId id, string code) =>
            (await h.Otp.VerifyAsync(id, ServiceHarness.Wrong(code), None))!;

        // Two failures, then a resend (does not reset), one failure, then a new send (does not reset).
        var (id, code) = await h.SendAndDeliverAsync(user);
        await FailAsync(id, code);
        await FailAsync(id, code);
        h.Time.Advance(TimeSpan.FromSeconds(31));
        Assert.Equal(OtpStatuses.Sent, (await h.Otp.ResendAsync(id, None)).Value!.Status);
        await h.DeliverAllAsync();
        code = h.LastCode();
        await FailAsync(id, code);
        Assert.Equal(3, (await h.Profiles.GetAsync(user, None)).Value!.FailedAttempts);
        (id, code) = await h.SendAndDeliverAsync(user);
        var locked = await FailAsync(id, code);

        Assert.Equal(OtpStatuses.Locked, locked.Status);
        Assert.Equal(h.Time.GetUtcNow().AddSeconds(100), locked.LockedUntil);
        var profile = (await h.Profiles.GetAsync(user, None)).Value!;
        Assert.Equal(locked.LockedUntil, profile.LockedUntil);
        Assert.Equal(OtpStatuses.Locked, (await h.Otp.VerifyAsync(id, code, None))!.Status); // even the right code

        // After the lock ends, four more failures lock for 100 * 3 seconds.
        h.Time.Advance(TimeSpan.FromSeconds(101));
        Assert.Null((await h.Profiles.GetAsync(user, None)).Value!.LockedUntil);
        for (var i = 0; i < 3; i++)
        {
            (id, code) = await h.SendAndDeliverAsync(user);
            Assert.Equal(OtpStatuses.InvalidCode, (await FailAsync(id, code)).Status);
        }

        (id, code) = await h.SendAndDeliverAsync(user);
        var second = await FailAsync(id, code);
        Assert.Equal(OtpStatuses.Locked, second.Status);
        Assert.Equal(h.Time.GetUtcNow().AddSeconds(300), second.LockedUntil);
    }

    [Fact]
    public async Task A_success_resets_the_failure_count()
    {
        await using var h = await ServiceHarness.CreateAsync(new Dictionary<string, string?> { ["SmsOtp:AccountLock:MaxFailedAttempts"] = "3" });
        var user = new UserKey("default", "reset");
        await h.CreateUserAsync(user);
        var (id, code) = await h.SendAndDeliverAsync(user);
        await h.Otp.VerifyAsync(id, ServiceHarness.Wrong(code), None);
        await h.Otp.VerifyAsync(id, ServiceHarness.Wrong(code), None);
        Assert.Equal(2, (await h.Profiles.GetAsync(user, None)).Value!.FailedAttempts);

        Assert.Equal(OtpStatuses.Verified, (await h.Otp.VerifyAsync(id, code, None))!.Status);
        Assert.Equal(0, (await h.Profiles.GetAsync(user, None)).Value!.FailedAttempts);
    }

    [Fact]
    public async Task Account_lock_can_be_disabled()
    {
        await using var h = await ServiceHarness.CreateAsync(new Dictionary<string, string?>
        {
            ["SmsOtp:AccountLock:Enabled"] = "false",
            ["SmsOtp:AccountLock:MaxFailedAttempts"] = "1",
        });
        var user = new UserKey("default", "nolock");
        await h.CreateUserAsync(user);
        var (id, code) = await h.SendAndDeliverAsync(user);
        Assert.Equal(OtpStatuses.InvalidCode, (await h.Otp.VerifyAsync(id, ServiceHarness.Wrong(code), None))!.Status);
        Assert.Equal(OtpStatuses.Verified, (await h.Otp.VerifyAsync(id, code, None))!.Status);
    }
}
