using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace SmsOtp.Client.Tests;

/// <summary>
/// The two server features of issue 18 the client relies on, written against the spec: <c>GET /api/otp/status</c>
/// (§7.3) and <c>Idempotency-Key</c> on send, mobile and resend (§7.2). They fail until the server side lands.
/// </summary>
public sealed class ServerFeatureTests
{
    // ---- §7.3 GET /api/otp/status ----

    [Fact]
    public async Task Status_follows_a_challenge_from_pending_to_verified_without_counting_as_an_attempt()
    {
        await using var h = await ClientHarness.StartAsync();
        await h.PutUserAsync("alice");
        var sent = await h.Client.SendAsync(ClientHarness.Tenant, "alice");

        var pending = await h.Client.GetStatusAsync(sent.ChallengeId!);
        Assert.Equal(sent.ChallengeId, pending.ChallengeId);
        Assert.Equal(ChallengeStates.Pending, pending.State);
        Assert.Contains(pending.DeliveryStatus, new[] { DeliveryStatuses.Queued, DeliveryStatuses.Sent });
        Assert.Equal(sent.ExpiresAt, pending.ExpiresAt);
        Assert.Equal(sent.ResendAvailableAt, pending.ResendAvailableAt);
        Assert.Equal((3, 5), (pending.AttemptsRemaining, pending.ResendsRemaining));

        var code = (await h.CodesAsync(1))[0];
        var delivered = await WaitForAsync(h, sent.ChallengeId!, s => s.DeliveryStatus == DeliveryStatuses.Sent);
        Assert.Equal(DeliveryStatuses.Sent, delivered.DeliveryStatus); // the outbox accepted it
        Assert.Equal(3, (await h.Client.GetStatusAsync(sent.ChallengeId!)).AttemptsRemaining); // reading is never an attempt

        await h.Client.VerifyAsync(sent.ChallengeId!, code == "000000" ? "111111" : "000000");
        Assert.Equal(2, (await h.Client.GetStatusAsync(sent.ChallengeId!)).AttemptsRemaining);
        await h.Client.VerifyAsync(sent.ChallengeId!, code);
        Assert.Equal(ChallengeStates.Verified, (await h.Client.GetStatusAsync(sent.ChallengeId!)).State);
    }

    [Fact]
    public async Task Status_of_a_challenge_awaiting_a_number_and_of_an_unknown_one()
    {
        await using var h = await ClientHarness.StartAsync(new() { ["SmsOtp:Mandatory"] = "true" });
        await h.Client.PutUserAsync(ClientHarness.Tenant, "newbie", new UserUpdate());
        var required = await h.Client.SendAsync(ClientHarness.Tenant, "newbie");

        Assert.Equal(ChallengeStates.AwaitingMobile, (await h.Client.GetStatusAsync(required.ChallengeId!)).State);

        var unknown = await Assert.ThrowsAsync<SmsOtpProblemException>(() => h.Client.GetStatusAsync(new string('A', 43)));
        Assert.Equal((ProblemCodes.ChallengeNotFound, 404), (unknown.Code, unknown.Status));
    }

    [Fact]
    public async Task Status_counts_resends_and_reports_expiry()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 8, 0, 0, TimeSpan.Zero));
        await using var h = await ClientHarness.StartAsync(new() { ["SmsOtp:ResendCooldownSeconds"] = "0" },
            server: b => b.Services.AddSingleton<TimeProvider>(time));
        await h.PutUserAsync("bob");
        var sent = await h.Client.SendAsync(ClientHarness.Tenant, "bob");
        await h.Client.ResendAsync(sent.ChallengeId!);
        Assert.Equal(4, (await h.Client.GetStatusAsync(sent.ChallengeId!)).ResendsRemaining);

        time.Advance(TimeSpan.FromSeconds(301));
        Assert.Equal(ChallengeStates.Expired, (await h.Client.GetStatusAsync(sent.ChallengeId!)).State);
    }

    // ---- §7.2 Idempotency-Key ----

    [Fact]
    public async Task The_same_key_twice_gives_the_same_challenge_and_one_sms()
    {
        await using var h = await ClientHarness.StartAsync();
        await h.PutUserAsync("carol");
        var request = new SendRequest(ClientHarness.Tenant, "carol") { IdempotencyKey = IdempotencyKeys.New() };

        var first = await h.Client.SendAsync(request);
        var second = await h.Client.SendAsync(request);

        Assert.Equal(first, second); // same challengeId, expiresAt, resendAvailableAt
        Assert.Equal(1, await h.SmsCountAfterAWhileAsync(1));
        Assert.True((await h.Client.VerifyAsync(first.ChallengeId!, (await h.CodesAsync(1))[0])).IsVerified);
    }

    [Fact]
    public async Task Parallel_sends_with_one_key_give_one_challenge_and_one_sms()
    {
        await using var h = await ClientHarness.StartAsync();
        await h.PutUserAsync("dave");
        var request = new SendRequest(ClientHarness.Tenant, "dave") { IdempotencyKey = IdempotencyKeys.New() };

        var results = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => h.Client.SendAsync(request)));

        Assert.Single(results.Select(r => r.ChallengeId).Distinct());
        Assert.Equal(1, await h.SmsCountAfterAWhileAsync(1));
    }

    [Fact]
    public async Task The_same_key_with_another_body_is_idempotency_key_reused()
    {
        await using var h = await ClientHarness.StartAsync();
        await h.PutUserAsync("erin");
        var key = IdempotencyKeys.New();
        await h.Client.SendAsync(new SendRequest(ClientHarness.Tenant, "erin") { IdempotencyKey = key, Locale = "en" });

        var reused = await Assert.ThrowsAsync<SmsOtpProblemException>(() =>
            h.Client.SendAsync(new SendRequest(ClientHarness.Tenant, "erin") { IdempotencyKey = key, Locale = "fr" }));

        Assert.Equal((ProblemCodes.IdempotencyKeyReused, 422), (reused.Code, reused.Status));
        Assert.Equal(key, reused.IdempotencyKey);
        Assert.Equal(2, h.Faults.At("POST", "/api/otp/send").Count); // one attempt per call: a 422 is not retried
    }

    [Fact]
    public async Task A_send_whose_answer_is_lost_sends_one_sms_and_the_retry_gets_that_challenge()
    {
        await using var h = await ClientHarness.StartAsync();
        await h.PutUserAsync("frank");
        h.Faults.Break("POST", "/api/otp/send", Fault.LoseResponse);

        var sent = await h.Client.SendAsync(ClientHarness.Tenant, "frank");

        Assert.Equal(2, h.Faults.At("POST", "/api/otp/send").Count);
        // The retry is answered with the first (lost) answer: the same challenge, not a new one superseding it.
        using var lost = JsonDocument.Parse(h.Faults.LostAnswers.Single());
        Assert.Equal(lost.RootElement.GetProperty("challengeId").GetString(), sent.ChallengeId);
        Assert.Equal(1, await h.SmsCountAfterAWhileAsync(1));
        Assert.True((await h.Client.VerifyAsync(sent.ChallengeId!, (await h.CodesAsync(1))[0])).IsVerified);
    }

    [Fact]
    public async Task A_mobile_whose_answer_is_lost_is_retried_into_the_first_answer()
    {
        await using var h = await ClientHarness.StartAsync(new() { ["SmsOtp:Mandatory"] = "true" });
        await h.Client.PutUserAsync(ClientHarness.Tenant, "gina", new UserUpdate());
        var required = await h.Client.SendAsync(ClientHarness.Tenant, "gina");
        h.Faults.Break("POST", "/api/otp/mobile", Fault.LoseResponse);

        // Without the key the retry would meet a challenge no longer awaiting a number (409 challenge_state).
        var sent = await h.Client.SubmitMobileAsync(required.ChallengeId!, ClientHarness.Mobile);

        Assert.True(sent.IsSent);
        Assert.Equal(1, await h.SmsCountAfterAWhileAsync(1));
    }

    [Fact]
    public async Task A_resend_whose_answer_is_lost_sends_one_more_sms_not_two()
    {
        await using var h = await ClientHarness.StartAsync(new() { ["SmsOtp:ResendCooldownSeconds"] = "0" });
        await h.PutUserAsync("henry");
        var sent = await h.Client.SendAsync(ClientHarness.Tenant, "henry");
        await h.CodesAsync(1);
        h.Faults.Break("POST", "/api/otp/resend", Fault.LoseResponse);

        var resent = await h.Client.ResendAsync(sent.ChallengeId!);

        Assert.True(resent.IsSent);
        using var lost = JsonDocument.Parse(h.Faults.LostAnswers.Single());
        Assert.Equal(lost.RootElement.GetProperty("expiresAt").GetDateTimeOffset(), resent.ExpiresAt); // the first answer
        Assert.Equal(2, await h.SmsCountAfterAWhileAsync(2));
        Assert.Equal(4, (await h.Client.GetStatusAsync(sent.ChallengeId!)).ResendsRemaining); // counted once
        Assert.True((await h.Client.VerifyAsync(sent.ChallengeId!, (await h.CodesAsync(2))[1])).IsVerified);
    }

    private static async Task<ChallengeStatus> WaitForAsync(ClientHarness h, string challengeId, Func<ChallengeStatus, bool> done)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (true)
        {
            var status = await h.Client.GetStatusAsync(challengeId);
            if (done(status) || DateTime.UtcNow > deadline)
            {
                return status;
            }

            await Task.Delay(50);
        }
    }
}
