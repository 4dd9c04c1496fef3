using Microsoft.Extensions.Azure;

namespace SmsOtp.Tests.TrustedDevices;

/// <summary>
/// Spec §15.1 on real Table Storage with a fake clock: a verification with <c>rememberDevice</c> issues a token, a send
/// with a live one is skipped (one point read, nothing written, nothing sent), and an expired, revoked, foreign or
/// unknown token is ignored. Each revocation cause is proven on its own.
/// </summary>
public sealed class TrustedDeviceTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    private static Dictionary<string, string?> On(int days = 30, int? maxPerUser = null)
    {
        var settings = new Dictionary<string, string?> { ["SmsOtp:TrustedDevices:Days"] = days.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        if (maxPerUser is { } max)
        {
            settings["SmsOtp:TrustedDevices:MaxPerUser"] = max.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return settings;
    }

    /// <summary>A send, delivery and verification with <c>rememberDevice</c>: the token it gave.</summary>
    private static async Task<VerifyResponse> RememberAsync(ServiceHarness h, UserKey user)
    {
        var (id, code) = await h.SendAndDeliverAsync(user);
        var verified = await h.Otp.VerifyAsync(id, code, None, rememberDevice: true);
        Assert.Equal(OtpStatuses.Verified, verified!.Status);
        return verified;
    }

    private static Task<Outcome<SendResponse>> SendWithAsync(ServiceHarness h, UserKey user, string? token) =>
        h.Otp.SendAsync(new SendRequest(user) { DeviceToken = token is null ? null : new PresentedDeviceToken(token) }, None);

    private static async Task AssertSkippedAsync(ServiceHarness h, UserKey user, string token)
    {
        var before = h.Sender.Sent.Count;
        var answer = (await SendWithAsync(h, user, token)).Value!;
        Assert.Equal(OtpStatuses.Skipped, answer.Status);
        Assert.Equal(OtpStatuses.ReasonTrustedDevice, answer.Reason);
        Assert.Null(answer.ChallengeId);
        Assert.Empty(await h.ReceiveAsync());
        Assert.Equal(before, h.Sender.Sent.Count);
    }

    private static async Task AssertSentAsync(ServiceHarness h, UserKey user, string token)
    {
        var answer = (await SendWithAsync(h, user, token)).Value!;
        Assert.Equal(OtpStatuses.Sent, answer.Status);
        Assert.Null(answer.Reason);
        await h.DeliverAllAsync();
    }

    [Fact]
    public async Task Remember_device_issues_a_token_and_a_later_send_with_it_is_skipped()
    {
        await using var h = await ServiceHarness.CreateAsync(On(days: 30));
        var user = new UserKey("acme", "PRIMARY/alice");
        await h.CreateUserAsync(user);

        var verified = await RememberAsync(h, user);
        Assert.NotNull(verified.DeviceToken);
        Assert.Equal(43, verified.DeviceToken!.Length); // 256 bits, base64url
        Assert.Equal(h.Time.GetUtcNow().AddDays(30), verified.DeviceTokenExpiresAt);

        await AssertSkippedAsync(h, user, verified.DeviceToken);
        Assert.Contains(h.Logs.GetSnapshot(), r => r.Category == Core.Audit.AuditLog.Category && r.Message.Contains("-> skipped", StringComparison.Ordinal)
            && r.Message.Contains("trusted_device", StringComparison.Ordinal));

        // Without the token, or without rememberDevice, the step is as before.
        Assert.Equal(OtpStatuses.Sent, (await SendWithAsync(h, user, null)).Value!.Status);
        await h.DeliverAllAsync();
        var id = (await h.Otp.SendAsync(user, None)).Value!.ChallengeId!;
        await h.DeliverAllAsync();
        var plain = await h.Otp.VerifyAsync(id, h.LastCode(), None);
        Assert.Null(plain!.DeviceToken);
        Assert.Null(plain.DeviceTokenExpiresAt);
    }

    [Fact]
    public async Task Off_by_default_no_token_is_issued_and_none_is_honoured()
    {
        await using var h = await ServiceHarness.CreateAsync();
        var user = new UserKey("default", "off");
        await h.CreateUserAsync(user);

        var verified = await RememberAsync(h, user);
        Assert.Null(verified.DeviceToken);
        Assert.Null(verified.DeviceTokenExpiresAt);
        var row = await h.TableClient.GetEntityAsync<TableEntity>(user.PartitionKey, "u");
        Assert.False(row.Value.ContainsKey("DeviceTokens") && row.Value["DeviceTokens"] is not null);
    }

    [Fact]
    public async Task A_tenant_can_turn_it_on_for_itself()
    {
        await using var h = await ServiceHarness.CreateAsync(new Dictionary<string, string?> { ["SmsOtp:Tenants:beta:TrustedDevices:Days"] = "7" });
        var beta = new UserKey("beta", "bea");
        var other = new UserKey("default", "bea");
        await h.CreateUserAsync(beta);
        await h.CreateUserAsync(other);

        var token = (await RememberAsync(h, beta)).DeviceToken!;
        Assert.Equal(h.Time.GetUtcNow().AddDays(7), (await RememberAsync(h, beta)).DeviceTokenExpiresAt);
        Assert.Null((await RememberAsync(h, other)).DeviceToken);
        await AssertSkippedAsync(h, beta, token);
    }

    [Fact]
    public async Task A_token_expires_after_Days()
    {
        await using var h = await ServiceHarness.CreateAsync(On(days: 2));
        var user = new UserKey("default", "expiring");
        await h.CreateUserAsync(user);
        var token = (await RememberAsync(h, user)).DeviceToken!;

        h.Time.Advance(TimeSpan.FromDays(2) - TimeSpan.FromSeconds(1));
        await AssertSkippedAsync(h, user, token);
        h.Time.Advance(TimeSpan.FromSeconds(1));
        await AssertSentAsync(h, user, token);
    }

    [Fact]
    public async Task Another_users_or_another_tenants_token_and_an_unknown_one_are_ignored()
    {
        await using var h = await ServiceHarness.CreateAsync(new Dictionary<string, string?>
        {
            ["SmsOtp:TrustedDevices:Days"] = "30",
            ["SmsOtp:Tenants:beta:TrustedDevices:Days"] = "30",
        });
        var alice = new UserKey("default", "alice");
        var bob = new UserKey("default", "bob");
        var betaAlice = new UserKey("beta", "alice");
        foreach (var u in new[] { alice, bob, betaAlice })
        {
            await h.CreateUserAsync(u);
        }

        var token = (await RememberAsync(h, alice)).DeviceToken!;
        await RememberAsync(h, bob);
        await RememberAsync(h, betaAlice);

        await AssertSentAsync(h, bob, token);
        await AssertSentAsync(h, betaAlice, token);
        await AssertSentAsync(h, alice, token[..^1] + (token[^1] == 'A' ? 'B' : 'A'));
        await AssertSentAsync(h, alice, "not a token at all");
        await AssertSkippedAsync(h, alice, token);
    }

    [Fact]
    public async Task At_most_MaxPerUser_tokens_are_kept_and_the_oldest_goes()
    {
        await using var h = await ServiceHarness.CreateAsync(On(maxPerUser: 2));
        var user = new UserKey("default", "many");
        await h.CreateUserAsync(user);
        var first = (await RememberAsync(h, user)).DeviceToken!;
        var second = (await RememberAsync(h, user)).DeviceToken!;
        var third = (await RememberAsync(h, user)).DeviceToken!;

        await AssertSkippedAsync(h, user, second);
        await AssertSkippedAsync(h, user, third);
        await AssertSentAsync(h, user, first);
    }

    public static TheoryData<string> Causes => ["new_number", "lock", "backup_codes", "erasure", "revoke", "captured_number"];

    [Theory]
    [MemberData(nameof(Causes))]
    public async Task Each_cause_revokes_all_of_a_users_tokens(string cause)
    {
        var settings = On();
        settings["SmsOtp:BackupCode"] = "true";
        settings["SmsOtp:AccountLock:MaxFailedAttempts"] = "2";
        settings["SmsOtp:CaptureAndUpdateMobileNumber"] = "true";
        settings["SmsOtp:Mandatory"] = cause == "captured_number" ? "true" : "false";
        await using var h = await ServiceHarness.CreateAsync(settings);
        var user = new UserKey("default", "revoked-" + cause);
        var bystander = new UserKey("default", "bystander-" + cause);
        await h.CreateUserAsync(user);
        await h.CreateUserAsync(bystander);
        var tokens = new[] { (await RememberAsync(h, user)).DeviceToken!, (await RememberAsync(h, user)).DeviceToken! };
        var kept = (await RememberAsync(h, bystander)).DeviceToken!;

        switch (cause)
        {
            case "new_number":
                await h.Profiles.PutAsync(user, new ProfileUpdate("+94771234567", false, null), None);
                break;
            case "lock":
                var (id, code) = await h.SendAndDeliverAsync(user);
                await h.Otp.VerifyAsync(id, ServiceHarness.Wrong(code), None);
                Assert.Equal(OtpStatuses.Locked, (await h.Otp.VerifyAsync(id, ServiceHarness.Wrong(code), None))!.Status);
                h.Time.Advance(TimeSpan.FromHours(1)); // the lock is over; the devices stay forgotten
                break;
            case "backup_codes":
                Assert.NotNull((await h.Profiles.GenerateBackupCodesAsync(user, None)).Value);
                break;
            case "erasure":
                await h.Profiles.DeleteAsync(user, None);
                await h.CreateUserAsync(user);
                break;
            case "revoke":
                await h.Profiles.RevokeDevicesAsync(user, None);
                break;
            case "captured_number":
                // A profile without a number (as an import may leave one) gives one on the capture flow; once verified,
                // it is the profile's new number. The number is taken off the row directly: removing it by the API revokes already.
                var row = (await h.TableClient.GetEntityAsync<TableEntity>(user.PartitionKey, "u")).Value;
                row.Remove("Mobile");
                await h.TableClient.UpdateEntityAsync(row, row.ETag, TableUpdateMode.Replace);
                var waiting = (await h.Otp.SendAsync(user, None)).Value!;
                Assert.Equal(OtpStatuses.MobileRequired, waiting.Status);
                await h.Otp.SubmitMobileAsync(waiting.ChallengeId!, "+94771234567", None);
                await h.DeliverAllAsync();
                var captured = await h.Otp.VerifyAsync(waiting.ChallengeId!, h.LastCode(), None);
                Assert.True(captured!.MobileUpdated);
                break;
        }

        foreach (var token in tokens)
        {
            await AssertSentAsync(h, user, token);
        }

        await AssertSkippedAsync(h, bystander, kept);
    }

    [Fact]
    public async Task Unlock_or_an_unchanged_profile_keeps_the_devices()
    {
        await using var h = await ServiceHarness.CreateAsync(On());
        var user = new UserKey("default", "kept");
        await h.CreateUserAsync(user);
        var token = (await RememberAsync(h, user)).DeviceToken!;

        await h.Profiles.PutAsync(user, new ProfileUpdate("+94778888888", false, null), None);
        await h.Profiles.PutAsync(user, new ProfileUpdate(null, false, false), None);
        await h.Profiles.UnlockAsync(user, None);
        await AssertSkippedAsync(h, user, token);
    }

    [Fact]
    public async Task The_row_holds_only_keyed_hashes_of_the_tokens()
    {
        await using var h = await ServiceHarness.CreateAsync(On());
        var user = new UserKey("default", "hashed");
        await h.CreateUserAsync(user);
        var token = (await RememberAsync(h, user)).DeviceToken!;

        var row = (await h.TableClient.GetEntityAsync<TableEntity>(user.PartitionKey, "u")).Value;
        var stored = Assert.IsType<string>(row["DeviceTokens"]);
        Assert.Matches(@"^[A-Za-z0-9+/]{43}=\|[0-9]+$", stored);
        Assert.DoesNotContain(row, kv => kv.Value?.ToString()?.Contains(token, StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task Thirty_two_parallel_sends_with_one_token_are_all_skipped_with_one_read_each_and_no_write()
    {
        var counter = new RequestCounter();
        await using var h = await ServiceHarness.CreateAsync(On(), services =>
            services.AddAzureClients(b => b.ConfigureDefaults(o => o.AddPolicy(counter, Azure.Core.HttpPipelinePosition.PerRetry))));
        var user = new UserKey("default", "parallel");
        await h.CreateUserAsync(user);
        var token = (await RememberAsync(h, user)).DeviceToken!;
        var sent = h.Sender.Sent.Count;
        var etag = (await h.TableClient.GetEntityAsync<TableEntity>(user.PartitionKey, "u")).Value.ETag;
        counter.Requests.Clear();

        var answers = await Task.WhenAll(Enumerable.Range(0, 32).Select(_ => Task.Run(() => SendWithAsync(h, user, token))));

        Assert.All(answers, a => Assert.Equal(OtpStatuses.ReasonTrustedDevice, a.Value!.Reason));
        var requests = counter.Requests.ToList();
        Assert.Equal(32, requests.Count);
        Assert.All(requests, r => Assert.Equal("GET", r.Method));
        Assert.Equal(etag, (await h.TableClient.GetEntityAsync<TableEntity>(user.PartitionKey, "u")).Value.ETag);
        Assert.Empty(await h.ReceiveAsync());
        Assert.Equal(sent, h.Sender.Sent.Count);
    }

    [Fact]
    public async Task A_hosted_page_result_carries_a_token_made_on_redemption_and_never_stored()
    {
        await using var h = await ServiceHarness.CreateAsync(On());
        var user = new UserKey("default", "paged");
        await h.CreateUserAsync(user);
        var (id, code) = await h.SendAndDeliverAsync(user);
        var results = (ResultTokens)h.Services.GetService(typeof(ResultTokens))!;
        var (resultToken, ticket) = await results.NewAsync(id, h.Time.GetUtcNow().AddMinutes(5), None);

        var verified = await h.Otp.VerifyAsync(id, code, None, ticket, rememberDevice: true);
        Assert.Null(verified!.DeviceToken); // the page's answer goes to the browser: no token there

        var redeemed = await h.Otp.RedeemResultAsync(resultToken, None);
        Assert.Equal(OtpStatuses.Verified, redeemed!.Status);
        Assert.NotNull(redeemed.DeviceToken);
        Assert.Equal(h.Time.GetUtcNow().AddDays(30), redeemed.DeviceTokenExpiresAt);
        var row = (await h.TableClient.GetEntityAsync<TableEntity>(user.PartitionKey, "u")).Value;
        Assert.DoesNotContain(row, kv => kv.Value?.ToString()?.Contains(redeemed.DeviceToken!, StringComparison.Ordinal) == true);
        await AssertSkippedAsync(h, user, redeemed.DeviceToken!);
    }

    [Fact]
    public async Task Tokens_never_reach_a_log_record()
    {
        await using var h = await ServiceHarness.CreateAsync(On());
        var user = new UserKey("default", "quiet");
        await h.CreateUserAsync(user);
        var token = (await RememberAsync(h, user)).DeviceToken!;
        await AssertSkippedAsync(h, user, token);
        await AssertSentAsync(h, user, token + "x");
        await h.Profiles.RevokeDevicesAsync(user, None);
        await AssertSentAsync(h, user, token);

        var leaks = h.Logs.GetSnapshot().Where(r => r.Message.Contains(token, StringComparison.Ordinal)
            || r.StructuredState?.Any(kv => kv.Value?.Contains(token, StringComparison.Ordinal) == true) == true
            || r.Exception?.ToString().Contains(token, StringComparison.Ordinal) == true).ToList();
        Assert.Empty(leaks);
        Assert.DoesNotContain(token, new SendRequest(user) { DeviceToken = new PresentedDeviceToken(token) }.ToString(), StringComparison.Ordinal);
    }
}
