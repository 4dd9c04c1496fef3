using System.Text.Json;
using SmsOtp.Core.Common;
using SmsOtp.Core.Otp.Outcomes;
using SmsOtp.Core.Storage;

namespace SmsOtp.Core.Otp.Results;

/// <summary>
/// <c>POST /api/otp/result</c>: the verified body a hosted page stored, once. One conditional write spends
/// it, so of parallel redeems exactly one gets the body.
/// </summary>
public sealed class ResultRedemption(IUserStore store, TimeProvider time, ResultTokens results, OtpOutcomes outcomes)
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
                return null;
            }

            record.ResultHash = null;
            record.ResultBody = null;
            record.ResultExpiresAt = null;
            await store.ReplaceAsync(record, record.ETag, cancellationToken).ConfigureAwait(false);
            return body;
        }, cancellationToken).ConfigureAwait(false);

        if (stored is null)
        {
            OtpLog.ResultRefused(outcomes.Logger);
            return null;
        }

        OtpLog.ResultRedeemed(outcomes.Logger, partitionKey);
        return JsonSerializer.Deserialize<VerifyResponse>(stored, JsonDefaults.Options);
    }
}
