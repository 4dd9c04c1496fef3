namespace SmsOtp.Tests.Users;

/// <summary>Profiles (spec §2.5): create, update, remove the number, opt-out rules, unlock, erasure, tenants.</summary>
public sealed class ProfileTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task Put_creates_and_updates_each_part_independently()
    {
        await using var h = await ServiceHarness.CreateAsync();
        var user = new UserKey("acme", "PRIMARY/ålice@example.com#1?x");
        Assert.Equal(ProblemCodes.UserNotFound, (await h.Profiles.GetAsync(user, None)).Problem!.Code);

        var created = (await h.Profiles.PutAsync(user, new ProfileUpdate("+94 (77) 888-8888", false, null), None)).Value!;
        Assert.Equal("acme", created.Tenant);
        Assert.Equal("PRIMARY/ålice@example.com#1?x", created.UserId);
        Assert.Equal("+*******8888", created.MaskedMobile);
        Assert.False(created.SmsOtpDisabled);
        Assert.Equal(0, created.BackupCodesRemaining);
        Assert.Null(created.LockedUntil);

        var optedOut = (await h.Profiles.PutAsync(user, new ProfileUpdate(null, false, true), None)).Value!;
        Assert.True(optedOut.SmsOtpDisabled);
        Assert.Equal("+*******8888", optedOut.MaskedMobile); // untouched

        var removed = (await h.Profiles.PutAsync(user, new ProfileUpdate(null, true, null), None)).Value!;
        Assert.Null(removed.MaskedMobile);
        Assert.True(removed.SmsOtpDisabled);
        Assert.Equal(removed, (await h.Profiles.GetAsync(user, None)).Value);
    }

    [Theory]
    [InlineData("false", "false")]
    [InlineData("true", "true")]
    public async Task Opting_out_is_refused_when_not_allowed(string enableByUserClaim, string mandatory)
    {
        await using var h = await ServiceHarness.CreateAsync(new Dictionary<string, string?>
        {
            ["SmsOtp:EnableByUserClaim"] = enableByUserClaim,
            ["SmsOtp:Mandatory"] = mandatory,
        });
        var user = new UserKey("default", "wants-out");
        var result = await h.Profiles.PutAsync(user, new ProfileUpdate("+94778888888", false, true), None);
        Assert.Equal(409, result.Problem!.Status);
        Assert.Equal(ProblemCodes.OptOutNotAllowed, result.Problem.Code);
        Assert.Equal(ProblemCodes.UserNotFound, (await h.Profiles.GetAsync(user, None)).Problem!.Code); // nothing stored

        Assert.NotNull((await h.Profiles.PutAsync(user, new ProfileUpdate(null, false, false), None)).Value); // opting in is fine
    }

    [Fact]
    public async Task Tenants_are_isolated()
    {
        await using var h = await ServiceHarness.CreateAsync();
        var a = new UserKey("tenant-a", "same");
        var b = new UserKey("tenant-b", "same");
        await h.CreateUserAsync(a, "+94778888888");
        Assert.Equal(ProblemCodes.UserNotFound, (await h.Profiles.GetAsync(b, None)).Problem!.Code);
        Assert.Equal(OtpStatuses.Skipped, (await h.Otp.SendAsync(b, None)).Value!.Status);

        await h.CreateUserAsync(b, "+447911123456");
        var (idA, codeA) = await h.SendAndDeliverAsync(a);
        var (idB, codeB) = await h.SendAndDeliverAsync(b);
        Assert.Equal(["+94778888888", "+447911123456"], h.Sender.Sent.Select(s => s.To));
        if (codeA != codeB)
        {
            Assert.Equal(OtpStatuses.InvalidCode, (await h.Otp.VerifyAsync(idB, codeA, None))!.Status);
        }

        var verified = (await h.Otp.VerifyAsync(idA, codeA, None))!;
        Assert.Equal("tenant-a", verified.Tenant);
        await h.Profiles.DeleteAsync(a, None);
        Assert.NotNull((await h.Profiles.GetAsync(b, None)).Value);
    }

    [Fact]
    public async Task Delete_erases_profile_backup_codes_lock_state_and_challenge()
    {
        await using var h = await ServiceHarness.CreateAsync(new Dictionary<string, string?> { ["SmsOtp:AccountLock:MaxFailedAttempts"] = "2" });
        var user = new UserKey("acme", "erase-me");
        await h.CreateUserAsync(user);
        await h.Profiles.GenerateBackupCodesAsync(user, None);
        var (id, code) = await h.SendAndDeliverAsync(user);
        await h.Otp.VerifyAsync(id, ServiceHarness.Wrong(code), None);
        var (id2, code2) = await h.SendAndDeliverAsync(user);

        await h.Profiles.DeleteAsync(user, None);
        await h.Profiles.DeleteAsync(user, None); // idempotent

        // Nothing of the user is left anywhere in the table (a scan, in the test only).
        var rows = h.TableClient.QueryAsync<Azure.Data.Tables.TableEntity>();
        await foreach (var row in rows)
        {
            Assert.NotEqual(user.PartitionKey, row.PartitionKey);
            Assert.DoesNotContain(row.Select(kv => kv.Value), v => v is string s && (s.Contains("erase-me", StringComparison.Ordinal) || s.Contains("778888888", StringComparison.Ordinal)));
        }

        Assert.Null(await h.Otp.VerifyAsync(id2, code2, None));
        Assert.Equal(ProblemCodes.UserNotFound, (await h.Profiles.GetAsync(user, None)).Problem!.Code);
    }

    [Fact]
    public async Task Unlock_clears_the_lock_and_the_failure_count()
    {
        await using var h = await ServiceHarness.CreateAsync(new Dictionary<string, string?> { ["SmsOtp:AccountLock:MaxFailedAttempts"] = "1" });
        var user = new UserKey("default", "unlock-me");
        await h.CreateUserAsync(user);
        var (id, code) = await h.SendAndDeliverAsync(user);
        Assert.Equal(OtpStatuses.Locked, (await h.Otp.VerifyAsync(id, ServiceHarness.Wrong(code), None))!.Status);
        Assert.NotNull((await h.Profiles.GetAsync(user, None)).Value!.LockedUntil);
        Assert.Equal(423, (await h.Otp.SendAsync(user, None)).Problem!.Status);

        var unlocked = (await h.Profiles.UnlockAsync(user, None)).Value!;
        Assert.Null(unlocked.LockedUntil);
        Assert.Equal(0, unlocked.FailedAttempts);
        Assert.Equal(OtpStatuses.Sent, (await h.Otp.SendAsync(user, None)).Value!.Status);
        Assert.Equal(ProblemCodes.UserNotFound, (await h.Profiles.UnlockAsync(new UserKey("default", "ghost"), None)).Problem!.Code);
    }

    [Fact]
    public async Task Invalid_numbers_and_countries_are_refused_on_put()
    {
        await using var h = await ServiceHarness.CreateAsync(new Dictionary<string, string?> { ["SmsOtp:AllowedCountryCodes"] = "94, 44" });
        var user = new UserKey("default", "numbers");
        Assert.Equal(ProblemCodes.InvalidMobile, (await h.Profiles.PutAsync(user, new ProfileUpdate("12", false, null), None)).Problem!.Code);
        Assert.Equal(ProblemCodes.CountryNotAllowed, (await h.Profiles.PutAsync(user, new ProfileUpdate("+1 202 555 0143", false, null), None)).Problem!.Code);
        Assert.NotNull((await h.Profiles.PutAsync(user, new ProfileUpdate("+44 7911 123456", false, null), None)).Value);
    }
}
