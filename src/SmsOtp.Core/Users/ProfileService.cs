namespace SmsOtp.Core.Users;

/// <summary>The user store (WSO2's user claims): profile, opt-out, backup codes, unlock and erasure.</summary>
public sealed partial class ProfileService(
    IUserStore store,
    ServiceKeys keys,
    MobileNumberParser numbers,
    TenantOptions<PolicyOptions> options,
    TimeProvider time,
    AuditLog audit,
    ILogger<ProfileService> logger)
{
    public async Task<Outcome<ProfileResponse>> GetAsync(UserKey user, CancellationToken cancellationToken)
    {
        user = Key(user);
        var record = await store.GetAsync(user.PartitionKey, cancellationToken).ConfigureAwait(false);
        return record is { HasProfile: true } ? ToResponse(record) : Problem.UserNotFound();
    }

    public async Task<Outcome<ProfileResponse>> PutAsync(UserKey user, ProfileUpdate update, CancellationToken cancellationToken)
    {
        user = Key(user);
        var o = options.For(user.Tenant);
        if (update.SmsOtpDisabled == true && (!o.EnableByUserClaim || o.Mandatory))
        {
            return Problem.OptOutNotAllowed();
        }

        string? mobile = null;
        if (update.Mobile is not null)
        {
            var parsed = numbers.Parse(update.Mobile, user.Tenant);
            if (Problem.ForMobile(parsed.Status, parsed.Error) is { } refused)
            {
                return refused;
            }

            mobile = parsed.E164;
        }

        return await OptimisticConcurrency.RunAsync(async () =>
        {
            var record = await store.GetAsync(user.PartitionKey, cancellationToken).ConfigureAwait(false);
            var isNew = record is null;
            record ??= new UserRecord { PartitionKey = user.PartitionKey, Tenant = user.Tenant, UserId = user.UserId };
            var created = !record.HasProfile;
            var oldMobile = record.Mobile;
            var oldDisabled = record.SmsOtpDisabled;
            record.HasProfile = true;
            if (mobile is not null)
            {
                record.Mobile = mobile;
            }
            else if (update.RemoveMobile)
            {
                record.Mobile = null;
            }

            if (update.SmsOtpDisabled is { } disabled)
            {
                record.SmsOtpDisabled = disabled;
            }

            if (record.Mobile != oldMobile)
            {
                DeviceTrust.RevokeAll(record); // spec §15.1: a new number forgets the remembered devices
            }

            await WriteAsync(record, isNew, cancellationToken).ConfigureAwait(false);
            LogProfileChanged(logger, user.PartitionKey, MobileMask.Mask(record.Mobile), record.SmsOtpDisabled);
            audit.ProfileChanged(user.Tenant, user.PartitionKey, created ? "created" : "updated", MobileMask.Mask(record.Mobile), oldMobile != record.Mobile);
            if (record.SmsOtpDisabled != oldDisabled)
            {
                audit.OptOutChanged(user.Tenant, user.PartitionKey, record.SmsOtpDisabled);
            }

            return (Outcome<ProfileResponse>)ToResponse(record);
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Erases everything of the user: profile, backup codes, lock state and challenge share one row.</summary>
    public async Task DeleteAsync(UserKey user, CancellationToken cancellationToken)
    {
        user = Key(user);
        await store.DeleteAsync(user.PartitionKey, cancellationToken).ConfigureAwait(false);
        LogErased(logger, user.PartitionKey);
        audit.ProfileChanged(user.Tenant, user.PartitionKey, "erased", string.Empty, mobileChanged: true);
    }

    public async Task<Outcome<BackupCodesResponse>> GenerateBackupCodesAsync(UserKey user, CancellationToken cancellationToken)
    {
        var o = options.For(user.Tenant);
        if (!o.BackupCode)
        {
            return Problem.BackupCodesDisabled();
        }

        var codes = Enumerable.Range(0, o.BackupCodeCount).Select(_ => CodeGenerator.Generate(BackupCodes.Length, alphanumeric: false)).ToList();
        var result = await ReplaceBackupCodesAsync(user, codes, cancellationToken).ConfigureAwait(false);
        return result.Problem is { } problem ? problem : new BackupCodesResponse(codes);
    }

    public async Task<Outcome<ProfileResponse>> ImportBackupCodesAsync(UserKey user, IReadOnlyList<string> codes, CancellationToken cancellationToken)
    {
        if (!options.For(user.Tenant).BackupCode)
        {
            return Problem.BackupCodesDisabled();
        }

        return await ReplaceBackupCodesAsync(user, codes, cancellationToken).ConfigureAwait(false);
    }

    public Task<Outcome<ProfileResponse>> UnlockAsync(UserKey user, CancellationToken cancellationToken) =>
        OptimisticConcurrency.RunAsync(async () =>
        {
            user = Key(user);
            var record = await store.GetAsync(user.PartitionKey, cancellationToken).ConfigureAwait(false);
            if (record is not { HasProfile: true })
            {
                return (Outcome<ProfileResponse>)Problem.UserNotFound();
            }

            AccountLock.Unlock(record);
            await store.ReplaceAsync(record, record.ETag, cancellationToken).ConfigureAwait(false);
            LogUnlocked(logger, user.PartitionKey);
            audit.Unlocked(user.Tenant, user.PartitionKey);
            return ToResponse(record);
        }, cancellationToken);

    /// <summary>
    /// <c>DELETE /api/users/devices</c> (spec §15.1): forgets every remembered device of the user. Idempotent like erasure:
    /// a user without devices (or without a row) changes nothing; otherwise one conditional write.
    /// </summary>
    public Task RevokeDevicesAsync(UserKey user, CancellationToken cancellationToken) =>
        OptimisticConcurrency.RunAsync(async () =>
        {
            user = Key(user);
            var record = await store.GetAsync(user.PartitionKey, cancellationToken).ConfigureAwait(false);
            if (record is null || !DeviceTrust.RevokeAll(record))
            {
                return false;
            }

            await store.ReplaceAsync(record, record.ETag, cancellationToken).ConfigureAwait(false);
            LogDevicesRevoked(logger, user.PartitionKey);
            audit.ProfileChanged(user.Tenant, user.PartitionKey, "devices_revoked", MobileMask.Mask(record.Mobile), mobileChanged: false);
            return true;
        }, cancellationToken);

    private Task<Outcome<ProfileResponse>> ReplaceBackupCodesAsync(UserKey user, IReadOnlyList<string> codes, CancellationToken cancellationToken) =>
        OptimisticConcurrency.RunAsync(async () =>
        {
            user = Key(user);
            var record = await store.GetAsync(user.PartitionKey, cancellationToken).ConfigureAwait(false);
            if (record is not { HasProfile: true })
            {
                return (Outcome<ProfileResponse>)Problem.UserNotFound();
            }

            var keySet = await keys.GetAsync(cancellationToken).ConfigureAwait(false);
            BackupCodes.Replace(record, keySet.HmacKey, codes);
            DeviceTrust.RevokeAll(record); // spec §15.1: new backup codes forget the remembered devices
            await store.ReplaceAsync(record, record.ETag, cancellationToken).ConfigureAwait(false);
            LogBackupCodesReplaced(logger, user.PartitionKey, BackupCodes.Count(record));
            audit.ProfileChanged(user.Tenant, user.PartitionKey, "backup_codes_replaced", MobileMask.Mask(record.Mobile), mobileChanged: false);
            return ToResponse(record);
        }, cancellationToken);

    private ProfileResponse ToResponse(UserRecord record)
    {
        var now = time.GetUtcNow();
        return new ProfileResponse(
            record.Tenant,
            record.UserId,
            record.Mobile is null ? null : MobileMask.Mask(record.Mobile),
            record.SmsOtpDisabled,
            BackupCodes.Count(record),
            AccountLock.ActiveUntil(record, now),
            record.FailedAttempts);
    }

    private async Task WriteAsync(UserRecord record, bool isNew, CancellationToken cancellationToken) =>
        record.ETag = isNew
            ? await store.InsertAsync(record, cancellationToken).ConfigureAwait(false)
            : await store.ReplaceAsync(record, record.ETag, cancellationToken).ConfigureAwait(false);

    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "Profile of user {UserKey} saved: mobile {MaskedMobile}, opted out {SmsOtpDisabled}")]
    private static partial void LogProfileChanged(ILogger logger, string userKey, string maskedMobile, bool smsOtpDisabled);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Information, Message = "User {UserKey} erased")]
    private static partial void LogErased(ILogger logger, string userKey);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Information, Message = "User {UserKey} unlocked")]
    private static partial void LogUnlocked(ILogger logger, string userKey);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Information, Message = "Backup codes of user {UserKey} replaced: {Count} codes")]
    private static partial void LogBackupCodesReplaced(ILogger logger, string userKey, int count);

    [LoggerMessage(EventId = 3050, Level = LogLevel.Information, Message = "Remembered devices of user {UserKey} revoked")]
    private static partial void LogDevicesRevoked(ILogger logger, string userKey);

    /// <summary>The user's key under the tenant's <c>CaseInsensitiveUserIds</c> (spec §10.1).</summary>
    private UserKey Key(UserKey user) => options.KeyOf(user);
}
