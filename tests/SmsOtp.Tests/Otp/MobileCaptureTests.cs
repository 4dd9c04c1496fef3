namespace SmsOtp.Tests.Otp;

/// <summary>Mobile capture and direct mode (spec §2.2).</summary>
public sealed class MobileCaptureTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task Capture_stores_the_number_only_after_the_code_is_verified()
    {
        await using var h = await ServiceHarness.CreateAsync(new Dictionary<string, string?> { ["SmsOtp:Mandatory"] = "true" });
        var user = new UserKey("default", "newbie");
        await h.CreateUserAsync(user, mobile: null);
        var send = (await h.Otp.SendAsync(user, None)).Value!;
        Assert.Equal(OtpStatuses.ReasonCapture, send.Reason);

        var sent = await h.Otp.SubmitMobileAsync(send.ChallengeId!, "+44 7911 123456", None);
        Assert.Equal(OtpStatuses.Sent, sent.Value!.Status);
        Assert.Equal(send.ChallengeId, sent.Value.ChallengeId);
        Assert.Equal("+********3456", sent.Value.MaskedMobile);
        await h.DeliverAllAsync();
        Assert.Equal("+447911123456", h.Sender.Sent.Single().To);
        Assert.Null((await h.Profiles.GetAsync(user, None)).Value!.MaskedMobile); // not yet

        var second = await h.Otp.SubmitMobileAsync(send.ChallengeId!, "+447911123999", None);
        Assert.Equal(ProblemCodes.ChallengeState, second.Problem!.Code); // no longer awaiting a number

        var verified = await h.Otp.VerifyAsync(send.ChallengeId!, h.LastCode(), None);
        Assert.Equal(OtpStatuses.Verified, verified!.Status);
        Assert.True(verified.MobileUpdated);
        Assert.Equal("+********3456", (await h.Profiles.GetAsync(user, None)).Value!.MaskedMobile);
    }

    [Fact]
    public async Task Direct_mode_sends_to_the_number_and_never_stores_it()
    {
        await using var h = await ServiceHarness.CreateAsync(new Dictionary<string, string?>
        {
            ["SmsOtp:Mandatory"] = "true",
            ["SmsOtp:SendOtpDirectlyToMobile"] = "true",
        });
        var user = new UserKey("default", "stranger");
        var send = (await h.Otp.SendAsync(user, None)).Value!;
        Assert.Equal(OtpStatuses.ReasonDirect, send.Reason);

        await h.Otp.SubmitMobileAsync(send.ChallengeId!, "94778888888", None);
        await h.DeliverAllAsync();
        var verified = await h.Otp.VerifyAsync(send.ChallengeId!, h.LastCode(), None);
        Assert.Equal(OtpStatuses.Verified, verified!.Status);
        Assert.False(verified.MobileUpdated);
        Assert.Equal(ProblemCodes.UserNotFound, (await h.Profiles.GetAsync(user, None)).Problem!.Code);

        var row = await h.TableClient.GetEntityAsync<Azure.Data.Tables.TableEntity>(user.PartitionKey, "u");
        Assert.DoesNotContain(row.Value.Select(kv => kv.Value), v => v is string s && s.Contains("778888888", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Mobile_input_is_validated()
    {
        await using var h = await ServiceHarness.CreateAsync(new Dictionary<string, string?>
        {
            ["SmsOtp:Mandatory"] = "true",
            ["SmsOtp:AllowedCountryCodes"] = "94",
        });
        var user = new UserKey("default", "validate");
        await h.CreateUserAsync(user, mobile: null);
        var id = (await h.Otp.SendAsync(user, None)).Value!.ChallengeId!;

        Assert.Equal(ProblemCodes.InvalidMobile, (await h.Otp.SubmitMobileAsync(id, "call me", None)).Problem!.Code);
        Assert.Equal(ProblemCodes.InvalidMobile, (await h.Otp.SubmitMobileAsync(id, "+94 12", None)).Problem!.Code);
        var foreign = await h.Otp.SubmitMobileAsync(id, "+447911123456", None);
        Assert.Equal(403, foreign.Problem!.Status);
        Assert.Equal(ProblemCodes.CountryNotAllowed, foreign.Problem.Code);
        Assert.False(ChallengeId.TryParse("nope", out _)); // a malformed id never reaches the service (the handler answers 404)
        Assert.Equal(ProblemCodes.ChallengeNotFound, (await h.Otp.SubmitMobileAsync(ChallengeId.New(new UserKey("default", "nobody").PartitionKey), "+94778888888", None)).Problem!.Code);
        Assert.Equal(0, await h.DeliverAllAsync());
    }
}
