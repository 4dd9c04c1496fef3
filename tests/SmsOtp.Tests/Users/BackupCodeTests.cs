namespace SmsOtp.Tests.Users;

/// <summary>Backup codes (spec §2.3, §2.5): generated or imported, stored hashed, spent once, even in parallel.</summary>
public sealed class BackupCodeTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task Generated_codes_are_returned_once_stored_hashed_and_each_verifies_once()
    {
        await using var h = await ServiceHarness.CreateAsync(new Dictionary<string, string?> { ["SmsOtp:BackupCodeCount"] = "4" });
        var user = new UserKey("default", "backup");
        await h.CreateUserAsync(user);
        var codes = (await h.Profiles.GenerateBackupCodesAsync(user, None)).Value!.Codes;
        Assert.Equal(4, codes.Count);
        Assert.All(codes, c => Assert.Matches("^[0-9]{8}$", c));
        Assert.Equal(4, (await h.Profiles.GetAsync(user, None)).Value!.BackupCodesRemaining);

        var row = await h.TableClient.GetEntityAsync<Azure.Data.Tables.TableEntity>(user.PartitionKey, "u");
        Assert.DoesNotContain(row.Value.Select(kv => kv.Value), v => v is string s && codes.Any(c => s.Contains(c, StringComparison.Ordinal)));

        var (id, _) = await h.SendAndDeliverAsync(user);
        var verified = (await h.Otp.VerifyAsync(id, codes[0], None))!;
        Assert.Equal(OtpStatuses.Verified, verified.Status);
        Assert.Equal(OtpStatuses.MethodBackupCode, verified.Method);
        Assert.Equal(3, (await h.Profiles.GetAsync(user, None)).Value!.BackupCodesRemaining);

        (id, _) = await h.SendAndDeliverAsync(user);
        Assert.Equal(OtpStatuses.InvalidCode, (await h.Otp.VerifyAsync(id, codes[0], None))!.Status); // spent
        Assert.Equal(OtpStatuses.Verified, (await h.Otp.VerifyAsync(id, codes[1], None))!.Status);

        var fresh = (await h.Profiles.GenerateBackupCodesAsync(user, None)).Value!.Codes;
        (id, _) = await h.SendAndDeliverAsync(user);
        Assert.Equal(OtpStatuses.InvalidCode, (await h.Otp.VerifyAsync(id, codes[2], None))!.Status); // old set replaced
        Assert.Equal(OtpStatuses.Verified, (await h.Otp.VerifyAsync(id, fresh[3], None))!.Status);
    }

    [Fact]
    public async Task Two_parallel_uses_of_one_backup_code_give_exactly_one_verified()
    {
        await using var h = await ServiceHarness.CreateAsync();
        var user = new UserKey("default", "backup-race");
        await h.CreateUserAsync(user);
        await h.Profiles.ImportBackupCodesAsync(user, ["12345678", "87654321"], None);

        // Two challenges can't both be open for one user, so race on one challenge: with 10 parallel uses
        // the code must be spent exactly once.
        var (id, _) = await h.SendAndDeliverAsync(user);
        var results = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => Task.Run(() => h.Otp.VerifyAsync(id, "12345678", None))));
        Assert.Equal(1, results.Count(r => r!.Status == OtpStatuses.Verified));
        Assert.Equal(1, (await h.Profiles.GetAsync(user, None)).Value!.BackupCodesRemaining);
    }

    [Fact]
    public async Task Import_accepts_WSO2s_comma_separated_claim_and_a_wrong_backup_code_is_a_failed_attempt()
    {
        await using var h = await ServiceHarness.CreateAsync();
        var user = new UserKey("default", "imported");
        await h.CreateUserAsync(user);
        var imported = await h.Profiles.ImportBackupCodesAsync(user, ["123456, 234567,345678"], None);
        Assert.True(BackupCodes.TryParseImport(["123456, 234567,345678"], out var parsed, out _));
        Assert.Equal(3, parsed.Count);
        Assert.Equal(3, (await h.Profiles.ImportBackupCodesAsync(user, parsed, None)).Value!.BackupCodesRemaining);
        Assert.NotNull(imported.Value);

        var (id, _) = await h.SendAndDeliverAsync(user);
        var wrong = (await h.Otp.VerifyAsync(id, "99999999", None))!;
        Assert.Equal(OtpStatuses.InvalidCode, wrong.Status);
        Assert.Equal(2, wrong.AttemptsRemaining);
        Assert.Equal(1, (await h.Profiles.GetAsync(user, None)).Value!.FailedAttempts);
        Assert.Equal(OtpStatuses.MethodBackupCode, (await h.Otp.VerifyAsync(id, " 234567 ", None))!.Method);
    }

    [Fact]
    public async Task With_BackupCode_off_backup_codes_are_never_accepted()
    {
        var user = new UserKey("default", "backup-off");
        await using var on = await ServiceHarness.CreateAsync();
        await on.CreateUserAsync(user);
        await on.Profiles.ImportBackupCodesAsync(user, ["12345678"], None);
        var row = (await on.TableClient.GetEntityAsync<Azure.Data.Tables.TableEntity>(user.PartitionKey, "u")).Value;

        await using var off = await ServiceHarness.CreateAsync(new Dictionary<string, string?> { ["SmsOtp:BackupCode"] = "false" });
        await off.TableClient.AddEntityAsync(row);
        var (id, _) = await off.SendAndDeliverAsync(user);
        Assert.Equal(OtpStatuses.InvalidCode, (await off.Otp.VerifyAsync(id, "12345678", None))!.Status);
        Assert.Equal(ProblemCodes.BackupCodesDisabled, (await off.Profiles.GenerateBackupCodesAsync(user, None)).Problem!.Code);
        Assert.Equal(ProblemCodes.BackupCodesDisabled, (await off.Profiles.ImportBackupCodesAsync(user, ["12345678"], None)).Problem!.Code);
    }
}
