namespace SmsOtp.Core.Otp.Results;

/// <summary>
/// <c>POST /api/otp/result</c>: the verified body a hosted page stored, once. One conditional write spends
/// it, so of parallel redeems exactly one gets the body.
/// </summary>
public sealed class ResultRedemption(IUserStore store, TimeProvider time, ResultTokens results, DeviceTrust devices, OtpOutcomes outcomes)
{
    /// <summary>The stored body; null for an unknown, spent or expired token.</summary>
    public async Task<VerifyResponse?> RedeemResultAsync(string token, CancellationToken cancellationToken)
    {
        if (ResultTokens.PartitionKeyOf(token) is not { } partitionKey)
        {
            OtpLog.ResultRefused(outcomes.Logger);
            return null;
        }

        var hash = await results.HashAsync(token, cancellationToken).ConfigureAwait(false);
        var stored = await OptimisticConcurrency.RunAsync(async () =>
        {
            var record = await store.GetAsync(partitionKey, cancellationToken).ConfigureAwait(false);
            if (record?.ResultBody is not { } body || !ResultTokens.HashEquals(hash, record.ResultHash)
                || record.ResultExpiresAt is not { } expires || expires <= time.GetUtcNow())
            {
                return ((string Body, RememberedDevice? Device)?)null;
            }

            record.ResultHash = null;
            record.ResultBody = null;
            record.ResultExpiresAt = null;
            var device = await RedeemDeviceAsync(record, cancellationToken).ConfigureAwait(false);
            await store.ReplaceAsync(record, record.ETag, cancellationToken).ConfigureAwait(false);
            return (Body: body, Device: device);
        }, cancellationToken).ConfigureAwait(false);

        if (stored is not { } redeemed)
        {
            OtpLog.ResultRefused(outcomes.Logger);
            return null;
        }

        OtpLog.ResultRedeemed(outcomes.Logger, partitionKey);
        var result = JsonSerializer.Deserialize<VerifyResponse>(redeemed.Body, JsonDefaults.Options);
        return redeemed.Device is not { } remembered ? result : result! with { DeviceToken = remembered.Token, DeviceTokenExpiresAt = remembered.ExpiresAt };
    }

    /// <summary>
    /// The device token a page result asked for (spec §15.1), made now and shown only in this answer: its hash is added
    /// to the row the redemption writes.
    /// </summary>
    private async Task<RememberedDevice?> RedeemDeviceAsync(UserRecord record, CancellationToken cancellationToken)
    {
        var wanted = record.ResultRemembersDevice;
        record.ResultRemembersDevice = false;
        return wanted ? await devices.RememberAsync(record, cancellationToken).ConfigureAwait(false) : null;
    }
}
