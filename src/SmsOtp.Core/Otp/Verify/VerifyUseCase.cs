namespace SmsOtp.Core.Otp.Verify;

/// <summary>
/// A code (or a backup code) against the open challenge: read the row, decide through <see cref="Challenge"/>,
/// write it conditionally (ETag), retried on conflict, so the attempt limit holds under parallel requests.
/// </summary>
public sealed class VerifyUseCase(
    IUserStore store,
    ServiceKeys keys,
    TenantOptions<PolicyOptions> policies,
    TimeProvider time,
    DestinationGuard guard,
    DeviceTrust devices,
    OtpOutcomes outcomes)
{
    /// <summary>Null when no challenge has this id (404).</summary>
    /// <param name="pageResult">From the hosted pages: on success, the one-time result token's hash is
    /// written with the verification itself (spec §2.7).</param>
    /// <param name="rememberDevice">Spec §15.1: a verified answer (or the page's result) carries a new device token.</param>
    public async Task<VerifyResponse?> VerifyAsync(ChallengeId id, string code, CancellationToken cancellationToken, ResultTicket? pageResult = null,
        bool rememberDevice = false)
    {
        using var span = SmsOtpTelemetry.StartVerify();
        (string Tenant, string Masked) seen = (string.Empty, string.Empty);
        var attempt = new VerifyAttempt();
        var result = await OptimisticConcurrency.RunAsync(async () =>
        {
            var record = await store.GetAsync(id.PartitionKey, cancellationToken).ConfigureAwait(false);
            var o = policies.For(record?.Tenant);
            if (Challenge.Find(record, id, o) is not { } challenge)
            {
                return null;
            }

            seen = (record!.Tenant, MobileMask.Mask(challenge.Mobile ?? record.Mobile));
            SmsOtpTelemetry.TagVerifyCountry(challenge.Mobile ?? record.Mobile);
            var now = time.GetUtcNow();
            var redirect = o.RedirectToMultiOptionPageOnFailure;
            switch (challenge.Verdict(now))
            {
                case OtpStatuses.Consumed:
                    // Consumed by this very call, whose write landed but whose answer was lost: it verified.
                    if (attempt.Written is { } written && record.ChallengeVerifiedBy == attempt.Token)
                    {
                        RecordConversion(written.Method, challenge.Mobile ?? record.Mobile, now);
                        return written;
                    }

                    return new VerifyResponse(OtpStatuses.Consumed);
                case { } status:
                    return new VerifyResponse(status) { LockedUntil = challenge.LockedUntil(now), RedirectToMultiOptionPage = redirect };
            }

            var keySet = await keys.GetAsync(cancellationToken).ConfigureAwait(false);
            attempt.RememberDevice = rememberDevice;
            if (challenge.MatchesCode(keySet.HmacKeys, code))
            {
                return await SucceedAsync(record, challenge, OtpStatuses.MethodSms, now, pageResult, attempt, cancellationToken).ConfigureAwait(false);
            }

            if (o.BackupCode && BackupCodes.TrySpend(record, keySet.HmacKeys, code))
            {
                return await SucceedAsync(record, challenge, OtpStatuses.MethodBackupCode, now, pageResult, attempt, cancellationToken).ConfigureAwait(false);
            }

            var failed = challenge.Fail(now);
            await store.ReplaceAsync(record, record.ETag, cancellationToken).ConfigureAwait(false);
            outcomes.Failed(record.Tenant, record.PartitionKey, failed.AttemptsRemaining, failed.LockedUntil, seen.Masked);
            if (failed.LockedUntil is { } until)
            {
                return new VerifyResponse(OtpStatuses.Locked) { LockedUntil = until, RedirectToMultiOptionPage = redirect };
            }

            return new VerifyResponse(OtpStatuses.InvalidCode)
            {
                AttemptsRemaining = failed.AttemptsRemaining,
                RetryAllowed = failed.AttemptsRemaining > 0,
                RedirectToMultiOptionPage = redirect,
            };
        }, cancellationToken).ConfigureAwait(false);

        if (result is not null)
        {
            outcomes.Verify(seen.Tenant, id.PartitionKey, result, seen.Masked);
        }

        return result;
    }

    private async Task<VerifyResponse> SucceedAsync(UserRecord record, Challenge challenge, string method, DateTimeOffset now, ResultTicket? pageResult,
        VerifyAttempt attempt, CancellationToken cancellationToken)
    {
        var mobileUpdated = challenge.Succeed(now);
        var response = new VerifyResponse(OtpStatuses.Verified)
        {
            Method = method,
            Tenant = record.Tenant,
            UserId = record.UserId,
            VerifiedAt = now,
            MobileUpdated = mobileUpdated,
            Transaction = challenge.Transaction,
        };
        response = await RememberDeviceAsync(record, response, mobileUpdated, attempt.RememberDevice, onPage: pageResult is not null, cancellationToken)
            .ConfigureAwait(false);
        if (pageResult is not null)
        {
            record.ResultHash = pageResult.Hash;
            record.ResultExpiresAt = pageResult.ExpiresAt;
            record.ResultBody = JsonSerializer.Serialize(response, JsonDefaults.Options);
        }

        var verifiedMobile = challenge.Mobile ?? record.Mobile;
        record.ChallengeVerifiedBy = attempt.Token;
        attempt.Written = response;
        try
        {
            await store.ReplaceAsync(record, record.ETag, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (StorageFailures.IsTransient(e) && ++attempt.LostAnswers <= 2)
        {
            // The write may have landed: read again (a 412 from the SDK's own retry of it leads there too).
            throw new ConcurrencyConflictException("The verification's answer was lost.", e);
        }

        RecordConversion(method, verifiedMobile, now);
        outcomes.Verified(record.PartitionKey, method);
        return response;
    }

    /// <summary>
    /// Trusted devices on a verification (spec §15.1), on the row about to be written: a number the challenge captured
    /// revokes the old devices; then the API's caller gets a new token in the answer, or the hosted page's result is
    /// marked so the redemption makes one (a token is never stored, not even in the pending result).
    /// </summary>
    private async Task<VerifyResponse> RememberDeviceAsync(UserRecord record, VerifyResponse response, bool mobileUpdated, bool remember, bool onPage,
        CancellationToken cancellationToken)
    {
        if (mobileUpdated)
        {
            DeviceTrust.RevokeAll(record);
        }

        if (onPage)
        {
            record.ResultRemembersDevice = remember && devices.IsOn(record.Tenant);
            return response;
        }

        return remember && await devices.RememberAsync(record, cancellationToken).ConfigureAwait(false) is { } device
            ? response with { DeviceToken = device.Token, DeviceTokenExpiresAt = device.ExpiresAt }
            : response;
    }

    /// <summary>The destination's conversion (spec §9): only an SMS code proves the SMS reached a person.</summary>
    private void RecordConversion(string? method, string? mobile, DateTimeOffset now)
    {
        if (method == OtpStatuses.MethodSms && mobile is not null)
        {
            guard.RecordVerified(mobile, now);
        }
    }

    /// <summary>One verify call: its token, written with the verification, and the answer it would give.</summary>
    private sealed class VerifyAttempt
    {
        public string Token { get; } = StorageFailures.NewWriteToken();

        public VerifyResponse? Written { get; set; }

        public int LostAnswers { get; set; }

        public bool RememberDevice { get; set; }
    }
}
