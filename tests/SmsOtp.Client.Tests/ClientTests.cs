using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace SmsOtp.Client.Tests;

/// <summary>Every method of <see cref="SmsOtpClient"/> against the real local server, as an app would call it.</summary>
public sealed class ClientTests
{
    [Fact]
    public async Task A_full_login_sends_verifies_and_consumes_the_challenge()
    {
        await using var h = await ClientHarness.StartAsync();
        await h.PutUserAsync("PRIMARY/alice@example.com");

        var sent = await h.Client.SendAsync(ClientHarness.Tenant, "PRIMARY/alice@example.com");
        Assert.True(sent.IsSent);
        Assert.Equal(SendStatus.Sent, sent.Status);
        Assert.False(string.IsNullOrEmpty(sent.ChallengeId));
        Assert.Equal("+*******8888", sent.MaskedMobile);
        Assert.Equal(6, sent.CodeLength);
        Assert.True(sent.ExpiresAt > sent.ResendAvailableAt);
        Assert.Equal(TimeSpan.Zero, sent.ExpiresAt!.Value.Offset);

        var code = (await h.CodesAsync(1))[0];
        var verified = await h.Client.VerifyAsync(sent.ChallengeId!, code);
        Assert.True(verified.IsVerified);
        Assert.Equal(VerifyMethods.Sms, verified.Method);
        Assert.Equal(ClientHarness.Tenant, verified.Tenant);
        Assert.Equal("PRIMARY/alice@example.com", verified.UserId);
        Assert.False(verified.MobileUpdated);
        Assert.NotNull(verified.VerifiedAt);

        var again = await h.Client.VerifyAsync(sent.ChallengeId!, code);
        Assert.Equal(VerifyStatus.Consumed, again.Status);
        Assert.False(again.IsVerified);
    }

    [Fact]
    public async Task A_wrong_code_is_invalid_code_with_the_attempts_left()
    {
        await using var h = await ClientHarness.StartAsync();
        await h.PutUserAsync("bob");
        var sent = await h.Client.SendAsync(ClientHarness.Tenant, "bob");
        var code = (await h.CodesAsync(1))[0];

        var wrong = await h.Client.VerifyAsync(sent.ChallengeId!, code == "000000" ? "111111" : "000000");
        Assert.Equal(VerifyStatus.InvalidCode, wrong.Status);
        Assert.Equal(2, wrong.AttemptsRemaining);
        Assert.True(wrong.CanRetry);
        Assert.False(wrong.RedirectToMultiOptionPage);
        Assert.True((await h.Client.VerifyAsync(sent.ChallengeId!, code)).IsVerified);
    }

    [Fact]
    public async Task The_optional_send_fields_are_sent_as_the_contract_names_them()
    {
        await using var h = await ClientHarness.StartAsync();
        await h.PutUserAsync("carol");

        var sent = await h.Client.SendAsync(new SendRequest(ClientHarness.Tenant, "carol")
        {
            Locale = "pt-BR",
            Transaction = new Transaction("12.50", "EUR", "Acme Shop"),
            AppHash = "FA+9qCX9VSu",
            ClientIp = "203.0.113.7",
        });
        Assert.True(sent.IsSent);

        using var body = JsonDocument.Parse(h.Faults.At("POST", "/api/otp/send").Single().Body!);
        var root = body.RootElement;
        Assert.Equal(["appHash", "clientIp", "locale", "tenant", "transaction", "userId"], root.EnumerateObject().Select(p => p.Name).Order());
        Assert.Equal("carol", root.GetProperty("userId").GetString());
        Assert.Equal("pt-BR", root.GetProperty("locale").GetString());
        Assert.Equal("FA+9qCX9VSu", root.GetProperty("appHash").GetString());
        Assert.Equal("203.0.113.7", root.GetProperty("clientIp").GetString());
        Assert.Equal("""{"amount":"12.50","currency":"EUR","payee":"Acme Shop"}""", root.GetProperty("transaction").GetRawText());

        // Unset fields are left out, never null (the tenant too: the service's default).
        await h.Client.SendAsync(null, "carol");
        Assert.Equal("""{"userId":"carol"}""", h.Faults.At("POST", "/api/otp/send")[1].Body);
    }

    [Fact]
    public async Task Skipped_sends_say_why()
    {
        await using var h = await ClientHarness.StartAsync();
        var unknown = await h.Client.SendAsync(ClientHarness.Tenant, "nobody");
        Assert.True(unknown.IsSkipped);
        Assert.Equal(SendReasons.UserNotFound, unknown.Reason);
        Assert.Null(unknown.ChallengeId);

        await h.Client.PutUserAsync(null, "no-number", new UserUpdate());
        var noMobile = await h.Client.SendAsync(null, "no-number");
        Assert.Equal(SendReasons.NoMobile, noMobile.Reason);
    }

    [Fact]
    public async Task Mobile_capture_sends_to_the_given_number_and_stores_it_after_verification()
    {
        await using var h = await ClientHarness.StartAsync(new() { ["SmsOtp:Mandatory"] = "true" });
        await h.Client.PutUserAsync(ClientHarness.Tenant, "newbie", new UserUpdate());

        var required = await h.Client.SendAsync(ClientHarness.Tenant, "newbie");
        Assert.True(required.IsMobileRequired);
        Assert.Equal(SendReasons.Capture, required.Reason);

        var sent = await h.Client.SubmitMobileAsync(new MobileRequest(required.ChallengeId!, "+44 7911 123456") { ClientIp = "2001:db8::1" });
        Assert.True(sent.IsSent);
        Assert.Equal(required.ChallengeId, sent.ChallengeId);
        Assert.Equal("+********3456", sent.MaskedMobile);
        Assert.False((await h.Client.GetUserAsync(ClientHarness.Tenant, "newbie")).HasMobile); // not before verification

        var entry = (await h.Host.OutboxAsync(1))[0];
        Assert.Equal("+447911123456", entry.GetProperty("to").GetString());
        var verified = await h.Client.VerifyAsync(sent.ChallengeId!, entry.GetProperty("code").GetString()!);
        Assert.True(verified.MobileUpdated);
        Assert.Equal("+********3456", (await h.Client.GetUserAsync(ClientHarness.Tenant, "newbie")).MaskedMobile);
    }

    [Fact]
    public async Task Mobile_problems_become_the_exception()
    {
        await using var h = await ClientHarness.StartAsync(new() { ["SmsOtp:Mandatory"] = "true", ["SmsOtp:AllowedCountryCodes"] = "94" });
        await h.Client.PutUserAsync(ClientHarness.Tenant, "newbie", new UserUpdate());
        var required = await h.Client.SendAsync(ClientHarness.Tenant, "newbie");

        var invalid = await Assert.ThrowsAsync<SmsOtpProblemException>(() => h.Client.SubmitMobileAsync(required.ChallengeId!, "12"));
        Assert.Equal((ProblemCodes.InvalidMobile, 400), (invalid.Code, invalid.Status));
        var country = await Assert.ThrowsAsync<SmsOtpProblemException>(() => h.Client.SubmitMobileAsync(required.ChallengeId!, "+447911123456"));
        Assert.Equal((ProblemCodes.CountryNotAllowed, HttpStatusCode.Forbidden), (country.Code, country.StatusCode));
        Assert.NotNull(country.IdempotencyKey);

        await h.Client.SubmitMobileAsync(required.ChallengeId!, "94778888888");
        var state = await Assert.ThrowsAsync<SmsOtpProblemException>(() => h.Client.SubmitMobileAsync(required.ChallengeId!, "+94778888888"));
        Assert.Equal((ProblemCodes.ChallengeState, 409), (state.Code, state.Status));
    }

    [Fact]
    public async Task Resend_too_soon_is_a_429_with_retry_after_and_a_resend_after_the_cooldown_replaces_the_code()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 8, 0, 0, TimeSpan.Zero));
        await using var h = await ClientHarness.StartAsync(server: b => b.Services.AddSingleton<TimeProvider>(time));
        await h.PutUserAsync("dave");
        var sent = await h.Client.SendAsync(ClientHarness.Tenant, "dave");
        var first = (await h.CodesAsync(1))[0];

        var tooSoon = await Assert.ThrowsAsync<SmsOtpProblemException>(() => h.Client.ResendAsync(sent.ChallengeId!));
        Assert.Equal(ProblemCodes.ResendTooSoon, tooSoon.Code);
        Assert.Equal(429, tooSoon.Status);
        Assert.Equal(TimeSpan.FromSeconds(30), tooSoon.RetryAfter);
        Assert.Null(tooSoon.LockedUntil);
        Assert.False(string.IsNullOrEmpty(tooSoon.Title));
        Assert.False(string.IsNullOrEmpty(tooSoon.Detail));
        Assert.Contains("resend_too_soon", tooSoon.Message);
        // Longer than MaxRetryAfter: not waited for inside the call.
        Assert.Single(h.Faults.At("POST", "/api/otp/resend"));

        time.Advance(TimeSpan.FromSeconds(31));
        var resent = await h.Client.ResendAsync(new ResendRequest(sent.ChallengeId!) { ClientIp = "203.0.113.7" });
        Assert.True(resent.IsSent);
        Assert.Equal(sent.ChallengeId, resent.ChallengeId);
        Assert.True(resent.ResendAvailableAt > sent.ResendAvailableAt);
        var second = (await h.CodesAsync(2))[1];

        if (first != second)
        {
            Assert.Equal(VerifyStatus.InvalidCode, (await h.Client.VerifyAsync(sent.ChallengeId!, first)).Status);
        }

        Assert.True((await h.Client.VerifyAsync(sent.ChallengeId!, second)).IsVerified);
    }

    [Fact]
    public async Task Resend_problems_carry_their_codes()
    {
        await using var h = await ClientHarness.StartAsync(new() { ["SmsOtp:ResendCooldownSeconds"] = "0", ["SmsOtp:MaximumResendAttempts"] = "1" });
        await h.PutUserAsync("erin");
        var sent = await h.Client.SendAsync(ClientHarness.Tenant, "erin");
        await h.Client.ResendAsync(sent.ChallengeId!);

        var limit = await Assert.ThrowsAsync<SmsOtpProblemException>(() => h.Client.ResendAsync(sent.ChallengeId!));
        Assert.Equal((ProblemCodes.ResendLimitReached, 429), (limit.Code, limit.Status));
        // A 429 that does not say when to come back is a limit, not a hiccup: never retried.
        Assert.Equal(2, h.Faults.At("POST", "/api/otp/resend").Count);

        var unknown = await Assert.ThrowsAsync<SmsOtpProblemException>(() => h.Client.ResendAsync(new string('A', 43)));
        Assert.Equal((ProblemCodes.ChallengeNotFound, 404), (unknown.Code, unknown.Status));
    }

    [Fact]
    public async Task Backup_codes_are_generated_spent_and_imported_as_a_list_or_as_wso2s_claim()
    {
        await using var h = await ClientHarness.StartAsync();
        await h.PutUserAsync("frank");

        var generated = await h.Client.GenerateBackupCodesAsync(ClientHarness.Tenant, "frank");
        Assert.Equal(10, generated.Codes.Count);
        Assert.All(generated.Codes, c => Assert.Matches("^[0-9]{8}$", c));
        Assert.Equal(10, (await h.Client.GetUserAsync(ClientHarness.Tenant, "frank")).BackupCodesRemaining);

        var sent = await h.Client.SendAsync(ClientHarness.Tenant, "frank");
        var verified = await h.Client.VerifyAsync(sent.ChallengeId!, generated.Codes[3]);
        Assert.True(verified.IsVerified);
        Assert.Equal(VerifyMethods.BackupCode, verified.Method);
        Assert.Equal(9, (await h.Client.GetUserAsync(ClientHarness.Tenant, "frank")).BackupCodesRemaining);

        var list = await h.Client.ImportBackupCodesAsync(ClientHarness.Tenant, "frank", ["11112222", "33334444"]);
        Assert.Equal(2, list.BackupCodesRemaining);
        var claim = await h.Client.ImportBackupCodesAsync(ClientHarness.Tenant, "frank", "55556666,77778888,99990000");
        Assert.Equal(3, claim.BackupCodesRemaining);

        var next = await h.Client.SendAsync(ClientHarness.Tenant, "frank");
        Assert.Equal(VerifyStatus.InvalidCode, (await h.Client.VerifyAsync(next.ChallengeId!, "11112222")).Status); // replaced
        Assert.True((await h.Client.VerifyAsync(next.ChallengeId!, "77778888")).IsVerified);

        var disabled = await ClientHarness.StartAsync(new() { ["SmsOtp:BackupCode"] = "false" });
        await using (disabled)
        {
            await disabled.PutUserAsync("frank");
            var problem = await Assert.ThrowsAsync<SmsOtpProblemException>(() => disabled.Client.GenerateBackupCodesAsync(ClientHarness.Tenant, "frank"));
            Assert.Equal((ProblemCodes.BackupCodesDisabled, 409), (problem.Code, problem.Status));
        }
    }

    [Fact]
    public async Task Opt_out_skips_the_step_and_is_refused_when_the_policy_forbids_it()
    {
        await using var h = await ClientHarness.StartAsync();
        await h.PutUserAsync("gina");
        var profile = await h.Client.PutUserAsync(ClientHarness.Tenant, "gina", new UserUpdate { SmsOtpDisabled = true });
        Assert.True(profile.SmsOtpDisabled);
        Assert.True(profile.HasMobile); // the number stays

        var skipped = await h.Client.SendAsync(ClientHarness.Tenant, "gina");
        Assert.Equal((SendStatus.Skipped, SendReasons.DisabledByUser), (skipped.Status, skipped.Reason));

        Assert.False((await h.Client.PutUserAsync(ClientHarness.Tenant, "gina", new UserUpdate { SmsOtpDisabled = false })).SmsOtpDisabled);
        Assert.True((await h.Client.SendAsync(ClientHarness.Tenant, "gina")).IsSent);

        await using var mandatory = await ClientHarness.StartAsync(new() { ["SmsOtp:Mandatory"] = "true" });
        var refused = await Assert.ThrowsAsync<SmsOtpProblemException>(() =>
            mandatory.Client.PutUserAsync(ClientHarness.Tenant, "gina", new UserUpdate { SmsOtpDisabled = true }));
        Assert.Equal((ProblemCodes.OptOutNotAllowed, 409), (refused.Code, refused.Status));
    }

    [Fact]
    public async Task Put_user_sets_removes_and_leaves_the_number()
    {
        await using var h = await ClientHarness.StartAsync();
        var created = await h.PutUserAsync("PRIMARY/henry");
        Assert.Equal(("acme", "PRIMARY/henry", "+*******8888"), (created.Tenant, created.UserId, created.MaskedMobile));

        var left = await h.Client.PutUserAsync(ClientHarness.Tenant, "PRIMARY/henry", new UserUpdate { SmsOtpDisabled = false });
        Assert.Equal("+*******8888", left.MaskedMobile); // no mobile in the update: unchanged

        var removed = await h.Client.PutUserAsync(ClientHarness.Tenant, "PRIMARY/henry", new UserUpdate { RemoveMobile = true });
        Assert.False(removed.HasMobile);
        Assert.Equal(SendReasons.NoMobile, (await h.Client.SendAsync(ClientHarness.Tenant, "PRIMARY/henry")).Reason);

        var invalid = await Assert.ThrowsAsync<SmsOtpProblemException>(() =>
            h.Client.PutUserAsync(ClientHarness.Tenant, "PRIMARY/henry", new UserUpdate { Mobile = "not a number" }));
        Assert.Equal((ProblemCodes.InvalidMobile, 400), (invalid.Code, invalid.Status));
        await Assert.ThrowsAsync<ArgumentException>(() =>
            h.Client.PutUserAsync(ClientHarness.Tenant, "PRIMARY/henry", new UserUpdate { Mobile = ClientHarness.Mobile, RemoveMobile = true }));
    }

    [Fact]
    public async Task User_ids_with_any_characters_and_the_default_tenant_round_trip()
    {
        await using var h = await ClientHarness.StartAsync();
        const string userId = "PRIMARY/ana+test@example.com?x=1#frag & ü";
        await h.Client.PutUserAsync(null, userId, new UserUpdate { Mobile = ClientHarness.Mobile });

        var profile = await h.Client.GetUserAsync(null, userId);
        Assert.Equal(("default", userId), (profile.Tenant, profile.UserId));
        var sent = await h.Client.SendAsync(null, userId);
        var verified = await h.Client.VerifyAsync(sent.ChallengeId!, (await h.CodesAsync(1))[0]);
        Assert.Equal(userId, verified.UserId);
        await Assert.ThrowsAsync<SmsOtpProblemException>(() => h.Client.GetUserAsync(ClientHarness.Tenant, userId)); // another tenant
    }

    [Fact]
    public async Task Delete_user_erases_the_profile_and_its_challenge_and_is_idempotent()
    {
        await using var h = await ClientHarness.StartAsync();
        await h.PutUserAsync("ivan");
        var sent = await h.Client.SendAsync(ClientHarness.Tenant, "ivan");

        await h.Client.DeleteUserAsync(ClientHarness.Tenant, "ivan");
        var gone = await Assert.ThrowsAsync<SmsOtpProblemException>(() => h.Client.GetUserAsync(ClientHarness.Tenant, "ivan"));
        Assert.Equal((ProblemCodes.UserNotFound, 404), (gone.Code, gone.Status));
        var challenge = await Assert.ThrowsAsync<SmsOtpProblemException>(() => h.Client.VerifyAsync(sent.ChallengeId!, "123456"));
        Assert.Equal(ProblemCodes.ChallengeNotFound, challenge.Code);

        await h.Client.DeleteUserAsync(ClientHarness.Tenant, "ivan"); // nothing there: still fine
    }

    [Fact]
    public async Task Failed_verifications_lock_the_account_and_unlock_clears_it()
    {
        await using var h = await ClientHarness.StartAsync(new() { ["SmsOtp:AccountLock:MaxFailedAttempts"] = "2" });
        await h.PutUserAsync("judy");
        var sent = await h.Client.SendAsync(ClientHarness.Tenant, "judy");
        var code = (await h.CodesAsync(1))[0];
        var wrong = code == "000000" ? "111111" : "000000";

        Assert.Equal(VerifyStatus.InvalidCode, (await h.Client.VerifyAsync(sent.ChallengeId!, wrong)).Status);
        var locked = await h.Client.VerifyAsync(sent.ChallengeId!, wrong);
        Assert.True(locked.IsLocked);
        Assert.NotNull(locked.LockedUntil);

        var refused = await Assert.ThrowsAsync<SmsOtpProblemException>(() => h.Client.SendAsync(ClientHarness.Tenant, "judy"));
        Assert.Equal((ProblemCodes.AccountLocked, 423), (refused.Code, refused.Status));
        Assert.Equal(locked.LockedUntil, refused.LockedUntil);
        Assert.Null(refused.RetryAfter);
        var profile = await h.Client.GetUserAsync(ClientHarness.Tenant, "judy");
        Assert.True(profile.IsLocked);

        var unlocked = await h.Client.UnlockAsync(ClientHarness.Tenant, "judy");
        Assert.False(unlocked.IsLocked);
        Assert.Equal(0, unlocked.FailedAttempts);
        Assert.True((await h.Client.SendAsync(ClientHarness.Tenant, "judy")).IsSent);

        var nobody = await Assert.ThrowsAsync<SmsOtpProblemException>(() => h.Client.UnlockAsync(ClientHarness.Tenant, "nobody"));
        Assert.Equal((ProblemCodes.UserNotFound, 404), (nobody.Code, nobody.Status));
    }

    [Fact]
    public async Task Unknown_challenges_and_malformed_input_are_problems()
    {
        await using var h = await ClientHarness.StartAsync();
        var unknown = await Assert.ThrowsAsync<SmsOtpProblemException>(() => h.Client.VerifyAsync(new string('A', 43), "123456"));
        Assert.Equal((ProblemCodes.ChallengeNotFound, HttpStatusCode.NotFound), (unknown.Code, unknown.StatusCode));
        Assert.Equal("urn:sms-otp:problem:challenge_not_found", unknown.Type);
        Assert.Null(unknown.IdempotencyKey); // verify carries none

        var tenant = await Assert.ThrowsAsync<SmsOtpProblemException>(() => h.Client.SendAsync("not a tenant!", "x"));
        Assert.Equal((ProblemCodes.ValidationFailed, 400), (tenant.Code, tenant.Status));
        Assert.Single(h.Faults.At("POST", "/api/otp/send")); // a 400 is never retried
    }

    [Fact]
    public async Task The_function_key_is_sent_and_a_missing_one_is_a_401_problem()
    {
        var settings = new Dictionary<string, string?> { ["SmsOtp:LocalApiKey"] = "the-key" };
        await using var h = await ClientHarness.StartAsync(settings);
        await h.PutUserAsync("kim"); // the harness passes the key

        await using var keyless = await ClientHarness.StartAsync(settings, options: o => o.FunctionKey = "wrong-key");
        var refused = await Assert.ThrowsAsync<SmsOtpProblemException>(() => keyless.Client.GetUserAsync(ClientHarness.Tenant, "kim"));
        Assert.Equal((ProblemCodes.Unauthorized, 401), (refused.Code, refused.Status));
        Assert.DoesNotContain("wrong-key", refused.Message);
        Assert.True((await keyless.Client.GetHealthAsync()).IsHealthy); // the probe is anonymous
    }

    [Fact]
    public async Task Health_reports_every_check()
    {
        await using var h = await ClientHarness.StartAsync();
        var health = await h.Client.GetHealthAsync();
        Assert.True(health.IsHealthy);
        Assert.Equal(HealthStatus.Healthy, health.Status);
        Assert.Equal(["queue", "secrets", "tables"], health.Checks.Keys.Order());
    }

    [Theory]
    [InlineData("")]
    [InlineData("/")]
    [InlineData("/api")]
    [InlineData("/api/")]
    public async Task The_base_address_may_end_in_api_or_not(string suffix)
    {
        await using var h = await ClientHarness.StartAsync(options: o => o.BaseAddress = new Uri(o.BaseAddress!.GetLeftPart(UriPartial.Authority) + suffix));
        Assert.True((await h.Client.GetHealthAsync()).IsHealthy);
        Assert.Equal("/api/health", h.Faults.Attempts.Single().Path);
    }

    [Fact]
    public async Task A_hosted_pages_result_is_redeemed_once()
    {
        const string returnUrl = "https://app.example/cb";
        await using var h = await ClientHarness.StartAsync(new() { ["SmsOtp:Pages:AllowedReturnUrls:0"] = returnUrl });
        await h.PutUserAsync("liam");
        var sent = await h.Client.SendAsync(new SendRequest(ClientHarness.Tenant, "liam") { ReturnUrl = new Uri(returnUrl) });
        Assert.NotNull(sent.PageUrl);

        var result = await VerifyOnPageAsync(h, sent.PageUrl!, returnUrl);
        var redeemed = await h.Client.RedeemResultAsync(result);
        Assert.True(redeemed.IsVerified);
        Assert.Equal(("acme", "liam"), (redeemed.Tenant, redeemed.UserId));

        var twice = await Assert.ThrowsAsync<SmsOtpProblemException>(() => h.Client.RedeemResultAsync(result));
        Assert.Equal((ProblemCodes.ResultNotFound, 404), (twice.Code, twice.Status));

        var notAllowed = await Assert.ThrowsAsync<SmsOtpProblemException>(() =>
            h.Client.SendAsync(new SendRequest(ClientHarness.Tenant, "liam") { ReturnUrl = new Uri("https://evil.example/cb") }));
        Assert.Equal(ProblemCodes.ReturnUrlNotAllowed, notAllowed.Code);
    }

    /// <summary>Loads the code page and posts the right code as a browser would; returns the result token.</summary>
    private static async Task<string> VerifyOnPageAsync(ClientHarness h, Uri pageUrl, string returnUrl)
    {
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() });
        var html = await browser.GetStringAsync(pageUrl);
        var code = (await h.CodesAsync(1))[0];
        var post = await browser.PostAsync(new Uri(pageUrl, "/api/pages/otp/verify"), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["flow"] = Hidden(html, "flow"),
            ["csrf"] = Hidden(html, "csrf"),
            ["code"] = code,
        }));
        Assert.Equal(HttpStatusCode.SeeOther, post.StatusCode);
        var location = post.Headers.Location!.ToString();
        Assert.StartsWith(returnUrl + "?result=", location);
        return Uri.UnescapeDataString(location[(returnUrl + "?result=").Length..]);
    }

    private static string Hidden(string html, string name) =>
        WebUtility.HtmlDecode(Regex.Match(html, "name=\"" + name + "\" value=\"([^\"]*)\"").Groups[1].Value);
}
