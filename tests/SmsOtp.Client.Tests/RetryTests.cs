using Microsoft.Extensions.DependencyInjection;

namespace SmsOtp.Client.Tests;

/// <summary>
/// Retries against the real local server with faults injected under the resilience handler: what is retried
/// carries the same Idempotency-Key on every attempt, and verify never goes out twice.
/// </summary>
public sealed class RetryTests
{
    // Long enough for any real call on a loaded machine; only the injected hangs run into it.
    private static readonly TimeSpan HangTimeout = TimeSpan.FromSeconds(3);

    [Fact]
    public async Task A_send_whose_answer_is_lost_is_retried_with_the_same_idempotency_key()
    {
        await using var h = await ClientHarness.StartAsync();
        await h.PutUserAsync("alice");
        h.Faults.Break("POST", "/api/otp/send", Fault.LoseResponse);

        var sent = await h.Client.SendAsync(ClientHarness.Tenant, "alice");

        Assert.True(sent.IsSent);
        var attempts = h.Faults.At("POST", "/api/otp/send");
        Assert.Equal(2, attempts.Count);
        Assert.True(IdempotencyKeys.IsValid(attempts[0].IdempotencyKey));
        Assert.Equal(attempts[0].IdempotencyKey, attempts[1].IdempotencyKey);
        Assert.Equal(attempts[0].Body, attempts[1].Body);
    }

    [Fact]
    public async Task Send_mobile_and_resend_answered_500_are_retried_with_their_keys()
    {
        await using var h = await ClientHarness.StartAsync(new() { ["SmsOtp:Mandatory"] = "true", ["SmsOtp:ResendCooldownSeconds"] = "0" });
        await h.Client.PutUserAsync(ClientHarness.Tenant, "bob", new UserUpdate());
        h.Faults.Break("POST", "/api/otp/send", Fault.InternalError, Fault.InternalError)
            .Break("POST", "/api/otp/mobile", Fault.InternalError)
            .Break("POST", "/api/otp/resend", Fault.BadGatewayHtml);

        var required = await h.Client.SendAsync(ClientHarness.Tenant, "bob");
        var sent = await h.Client.SubmitMobileAsync(required.ChallengeId!, ClientHarness.Mobile);
        var resent = await h.Client.ResendAsync(required.ChallengeId!);

        Assert.True(required.IsMobileRequired);
        Assert.True(sent.IsSent);
        Assert.True(resent.IsSent);
        foreach (var path in new[] { "/api/otp/send", "/api/otp/mobile", "/api/otp/resend" })
        {
            var keys = h.Faults.At("POST", path).Select(a => a.IdempotencyKey).ToArray();
            Assert.True(keys.Length >= 2, path);
            Assert.Single(keys.Distinct());
        }

        // Each logical call has its own key.
        Assert.Equal(3, h.Faults.Attempts.Where(a => a.IdempotencyKey is not null).Select(a => a.IdempotencyKey).Distinct().Count());
    }

    [Fact]
    public async Task The_callers_own_key_is_sent_on_every_attempt_and_a_malformed_one_is_refused_before_sending()
    {
        await using var h = await ClientHarness.StartAsync();
        await h.PutUserAsync("carol");
        h.Faults.Break("POST", "/api/otp/send", Fault.InternalError);

        await h.Client.SendAsync(new SendRequest(ClientHarness.Tenant, "carol") { IdempotencyKey = "login-42:attempt.1_x" });
        Assert.All(h.Faults.At("POST", "/api/otp/send"), a => Assert.Equal("login-42:attempt.1_x", a.IdempotencyKey));

        foreach (var bad in new[] { "", "has space", "slash/", new string('k', 65), "ü" })
        {
            await Assert.ThrowsAsync<ArgumentException>(() => h.Client.SendAsync(new SendRequest(ClientHarness.Tenant, "carol") { IdempotencyKey = bad }));
            await Assert.ThrowsAsync<ArgumentException>(() => h.Client.ResendAsync(new ResendRequest("x") { IdempotencyKey = bad }));
            await Assert.ThrowsAsync<ArgumentException>(() => h.Client.SubmitMobileAsync(new MobileRequest("x", "+1") { IdempotencyKey = bad }));
        }

        Assert.Equal(2, h.Faults.At("POST", "/api/otp/send").Count); // the refused keys sent nothing
        Assert.Empty(h.Faults.At("POST", "/api/otp/resend"));
        Assert.Empty(h.Faults.At("POST", "/api/otp/mobile"));
    }

    [Fact]
    public async Task Verify_is_never_retried_whatever_the_failure()
    {
        await using var h = await ClientHarness.StartAsync(options: o => o.AttemptTimeout = HangTimeout);
        await h.PutUserAsync("dave");
        var sent = await h.Client.SendAsync(ClientHarness.Tenant, "dave");
        var code = (await h.CodesAsync(1))[0];
        var wrong = code == "000000" ? "111111" : "000000";
        h.Faults.Break("POST", "/api/otp/verify", Fault.LoseResponse, Fault.InternalError, Fault.BadGatewayHtml, Fault.Hang);

        var lost = await Assert.ThrowsAsync<SmsOtpTransportException>(() => h.Client.VerifyAsync(sent.ChallengeId!, wrong));
        Assert.Null(lost.StatusCode);
        Assert.Null(lost.IdempotencyKey);
        var error = await Assert.ThrowsAsync<SmsOtpProblemException>(() => h.Client.VerifyAsync(sent.ChallengeId!, wrong));
        Assert.Equal((ProblemCodes.InternalError, 500), (error.Code, error.Status));
        var gateway = await Assert.ThrowsAsync<SmsOtpTransportException>(() => h.Client.VerifyAsync(sent.ChallengeId!, wrong));
        Assert.Equal(502, gateway.StatusCode);
        var hang = await Assert.ThrowsAsync<SmsOtpTransportException>(() => h.Client.VerifyAsync(sent.ChallengeId!, wrong));
        Assert.True(hang.IsTimeout);

        // Four calls, four attempts: none was repeated.
        Assert.Equal([1, 2, 3, 4], h.Faults.At("POST", "/api/otp/verify").Select(a => a.Number));
        // Only the lost one reached the service and counted: two tries remain.
        var next = await h.Client.VerifyAsync(sent.ChallengeId!, wrong);
        Assert.Equal(1, next.AttemptsRemaining);
    }

    [Fact]
    public async Task An_attempt_that_hangs_is_abandoned_and_retried()
    {
        await using var h = await ClientHarness.StartAsync(options: o => o.AttemptTimeout = HangTimeout);
        await h.PutUserAsync("erin");
        h.Faults.Break("GET", "/api/users", Fault.Hang);

        var profile = await h.Client.GetUserAsync(ClientHarness.Tenant, "erin");

        Assert.Equal("erin", profile.UserId);
        Assert.Equal(2, h.Faults.At("GET", "/api/users").Count);
    }

    [Fact]
    public async Task The_total_timeout_ends_the_retries()
    {
        await using var h = await ClientHarness.StartAsync(options: o =>
        {
            o.AttemptTimeout = TimeSpan.FromMilliseconds(100);
            o.TotalTimeout = TimeSpan.FromMilliseconds(350);
            o.MaxRetryAttempts = 10;
        });
        h.Faults.Break("GET", "/api/users", Enumerable.Repeat(Fault.Hang, 11).ToArray());

        var timeout = await Assert.ThrowsAsync<SmsOtpTransportException>(() => h.Client.GetUserAsync(ClientHarness.Tenant, "frank"));

        Assert.True(timeout.IsTimeout);
        Assert.True(h.Faults.At("GET", "/api/users").Count < 11); // cut short, not all eleven attempts
    }

    [Fact]
    public async Task A_gateway_failure_that_persists_is_a_transport_exception_after_the_retries()
    {
        await using var h = await ClientHarness.StartAsync(options: o => o.MaxRetryAttempts = 2);
        h.Faults.Break("DELETE", "/api/users", Fault.BadGatewayHtml, Fault.BadGatewayHtml, Fault.BadGatewayHtml);

        var failure = await Assert.ThrowsAsync<SmsOtpTransportException>(() => h.Client.DeleteUserAsync(ClientHarness.Tenant, "gina"));

        Assert.Equal(502, failure.StatusCode);
        Assert.False(failure.IsTimeout);
        Assert.Contains("502", failure.Message);
        Assert.Equal(3, h.Faults.At("DELETE", "/api/users").Count);
    }

    [Fact]
    public async Task The_callers_cancellation_is_not_retried()
    {
        await using var h = await ClientHarness.StartAsync();
        h.Faults.Break("GET", "/api/users", Fault.Hang, Fault.Hang);
        using var cancel = new CancellationTokenSource();

        var call = h.Client.GetUserAsync(ClientHarness.Tenant, "henry", cancel.Token);
        while (h.Faults.At("GET", "/api/users").Count == 0)
        {
            await Task.Delay(10);
        }

        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        Assert.Single(h.Faults.At("GET", "/api/users"));
    }

    [Fact]
    public async Task Redeem_generate_and_unlock_are_not_retried_but_put_get_and_delete_are()
    {
        await using var h = await ClientHarness.StartAsync();
        await h.PutUserAsync("ivan");
        h.Faults.Break("POST", "/api/otp/result", Fault.InternalError)
            .Break("POST", "/api/users/backup-codes", Fault.InternalError)
            .Break("POST", "/api/users/unlock", Fault.InternalError)
            .Break("GET", "/api/health", Fault.InternalError)
            .Break("PUT", "/api/users", Fault.InternalError)
            .Break("PUT", "/api/users/backup-codes", Fault.InternalError)
            .Break("GET", "/api/users", Fault.InternalError)
            .Break("DELETE", "/api/users", Fault.InternalError);

        await Assert.ThrowsAsync<SmsOtpProblemException>(() => h.Client.RedeemResultAsync("token"));
        await Assert.ThrowsAsync<SmsOtpProblemException>(() => h.Client.GenerateBackupCodesAsync(ClientHarness.Tenant, "ivan"));
        await Assert.ThrowsAsync<SmsOtpProblemException>(() => h.Client.UnlockAsync(ClientHarness.Tenant, "ivan"));
        await Assert.ThrowsAsync<SmsOtpProblemException>(() => h.Client.GetHealthAsync());
        await h.Client.PutUserAsync(ClientHarness.Tenant, "ivan", new UserUpdate { SmsOtpDisabled = false });
        await h.Client.ImportBackupCodesAsync(ClientHarness.Tenant, "ivan", ["12345678"]);
        await h.Client.GetUserAsync(ClientHarness.Tenant, "ivan");
        await h.Client.DeleteUserAsync(ClientHarness.Tenant, "ivan");

        Assert.Single(h.Faults.At("POST", "/api/otp/result"));
        Assert.Single(h.Faults.At("POST", "/api/users/backup-codes"));
        Assert.Single(h.Faults.At("POST", "/api/users/unlock"));
        Assert.Single(h.Faults.At("GET", "/api/health"));
        Assert.Equal(2, h.Faults.At("PUT", "/api/users").Count);
        Assert.Equal(2, h.Faults.At("PUT", "/api/users/backup-codes").Count);
        Assert.Equal(2, h.Faults.At("DELETE", "/api/users").Count);
        Assert.Equal(2, h.Faults.At("GET", "/api/users").Count);
    }
}
