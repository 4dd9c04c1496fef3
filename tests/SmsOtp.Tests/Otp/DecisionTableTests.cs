namespace SmsOtp.Tests.Otp;

/// <summary>Every row of spec §3's decision table for send, on real Table Storage.</summary>
public sealed class DecisionTableTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    private static Dictionary<string, string?> Settings(bool mandatory = false, bool capture = true, bool direct = false, bool byClaim = true) => new()
    {
        ["SmsOtp:Mandatory"] = mandatory.ToString(),
        ["SmsOtp:CaptureAndUpdateMobileNumber"] = capture.ToString(),
        ["SmsOtp:SendOtpDirectlyToMobile"] = direct.ToString(),
        ["SmsOtp:EnableByUserClaim"] = byClaim.ToString(),
    };

    [Fact]
    public async Task Row1_locked_user_gets_423_account_locked_with_lockedUntil()
    {
        await using var h = await ServiceHarness.CreateAsync(new Dictionary<string, string?>
        {
            ["SmsOtp:AccountLock:MaxFailedAttempts"] = "1",
        });
        var user = new UserKey("default", "locked");
        await h.CreateUserAsync(user);
        var (id, _) = await h.SendAndDeliverAsync(user);
        var failed = await h.Otp.VerifyAsync(id, "not-it", None);
        Assert.Equal(OtpStatuses.Locked, failed!.Status);

        var send = await h.Otp.SendAsync(user, None);
        Assert.Equal(423, send.Problem!.Status);
        Assert.Equal(ProblemCodes.AccountLocked, send.Problem.Code);
        Assert.Equal(failed.LockedUntil, send.Problem.LockedUntil);
        Assert.Equal(0, await h.DeliverAllAsync()); // nothing further was queued
    }

    [Fact]
    public async Task Row2_opted_out_user_is_skipped_when_claim_enabled_and_not_mandatory()
    {
        await using var h = await ServiceHarness.CreateAsync(Settings());
        var user = new UserKey("default", "optout");
        await h.Profiles.PutAsync(user, new ProfileUpdate("+94778888888", false, true), None);

        var send = await h.Otp.SendAsync(user, None);
        Assert.Equal(OtpStatuses.Skipped, send.Value!.Status);
        Assert.Equal(OtpStatuses.ReasonDisabledByUser, send.Value.Reason);
        Assert.Null(send.Value.ChallengeId);
        Assert.Equal(0, await h.DeliverAllAsync());
    }

    [Fact]
    public async Task Row2_opt_out_is_ignored_when_mandatory_or_claim_disabled()
    {
        // The opt-out flag can only have been stored while it was allowed; policy changes later.
        await using var h = await ServiceHarness.CreateAsync(Settings());
        var user = new UserKey("default", "optout-later-mandatory");
        await h.Profiles.PutAsync(user, new ProfileUpdate("+94778888888", false, true), None);

        foreach (var settings in new[] { Settings(mandatory: true), Settings(byClaim: false) })
        {
            await using var other = await ServiceHarness.CreateAsync(settings);
            var row = await h.TableClient.GetEntityAsync<Azure.Data.Tables.TableEntity>(user.PartitionKey, "u");
            await other.TableClient.AddEntityAsync(row.Value);
            var send = await other.Otp.SendAsync(user, None);
            Assert.Equal(OtpStatuses.Sent, send.Value!.Status);
        }
    }

    [Fact]
    public async Task Row3_user_with_mobile_is_sent_a_code()
    {
        await using var h = await ServiceHarness.CreateAsync(Settings());
        var user = new UserKey("default", "withmobile");
        await h.CreateUserAsync(user);

        var send = await h.Otp.SendAsync(user, None);
        var body = send.Value!;
        Assert.Equal(OtpStatuses.Sent, body.Status);
        Assert.Equal("+*******8888", body.MaskedMobile);
        Assert.Equal(6, body.CodeLength);
        Assert.Equal(h.Time.GetUtcNow().AddSeconds(300), body.ExpiresAt);
        Assert.Equal(h.Time.GetUtcNow().AddSeconds(30), body.ResendAvailableAt);
        Assert.True(ChallengeId.TryParse(body.ChallengeId!.ToString(), out _));
        Assert.Equal(1, await h.DeliverAllAsync());
        var sms = Assert.Single(h.Sender.Sent);
        Assert.Equal("+94778888888", sms.To);
        Assert.Matches("^[0-9]{6}$", sms.Code);
        Assert.Equal("Verification Code: " + sms.Code, sms.Text);
    }

    [Theory]
    [InlineData(true, true, OtpStatuses.MobileRequired, OtpStatuses.ReasonCapture, null)]
    [InlineData(true, false, null, null, ProblemCodes.MobileNotRegistered)]
    [InlineData(false, true, OtpStatuses.Skipped, OtpStatuses.ReasonNoMobile, null)]
    [InlineData(false, false, OtpStatuses.Skipped, OtpStatuses.ReasonNoMobile, null)]
    public async Task Row4_user_without_mobile(bool mandatory, bool capture, string? status, string? reason, string? problem)
    {
        await using var h = await ServiceHarness.CreateAsync(Settings(mandatory, capture));
        var user = new UserKey("default", "nomobile");
        await h.CreateUserAsync(user, mobile: null);

        var send = await h.Otp.SendAsync(user, None);
        if (problem is null)
        {
            Assert.Equal(status, send.Value!.Status);
            Assert.Equal(reason, send.Value.Reason);
            Assert.Equal(status == OtpStatuses.MobileRequired, send.Value.ChallengeId is not null);
        }
        else
        {
            Assert.Equal(422, send.Problem!.Status);
            Assert.Equal(problem, send.Problem.Code);
        }

        Assert.Equal(0, await h.DeliverAllAsync());
    }

    [Theory]
    [InlineData(true, true, OtpStatuses.MobileRequired, OtpStatuses.ReasonDirect, null)]
    [InlineData(true, false, null, null, ProblemCodes.UserNotFound)]
    [InlineData(false, true, OtpStatuses.Skipped, OtpStatuses.ReasonUserNotFound, null)]
    [InlineData(false, false, OtpStatuses.Skipped, OtpStatuses.ReasonUserNotFound, null)]
    public async Task Row5_unknown_user(bool mandatory, bool direct, string? status, string? reason, string? problem)
    {
        await using var h = await ServiceHarness.CreateAsync(Settings(mandatory, direct: direct));
        var send = await h.Otp.SendAsync(new UserKey("default", "nobody"), None);
        if (problem is null)
        {
            Assert.Equal(status, send.Value!.Status);
            Assert.Equal(reason, send.Value.Reason);
        }
        else
        {
            Assert.Equal(422, send.Problem!.Status);
            Assert.Equal(problem, send.Problem.Code);
        }

        Assert.Equal(0, await h.DeliverAllAsync());
    }
}
