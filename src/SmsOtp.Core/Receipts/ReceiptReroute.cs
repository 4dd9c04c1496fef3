namespace SmsOtp.Core.Receipts;

/// <summary>
/// A verified delivery receipt (spec §8) on its challenge: one point read and one conditional write when it
/// applies (nothing when it does not). An undelivered or failed code of an open challenge is rerouted once: a
/// fresh code (counted as a resend, attempts kept, no send limit charged: the service sends it, not a caller)
/// through the provider after the one that failed.
/// </summary>
public sealed class ReceiptReroute(
    IUserStore store,
    ServiceKeys keys,
    TenantOptions<PolicyOptions> policies,
    TimeProvider time,
    CodeIssuer issuer,
    OtpOutcomes outcomes)
{
    /// <summary>Applies the receipt for code <paramref name="codeVersion"/> of the row.</summary>
    /// <param name="canReroute">Whether the row's tenant has another provider, and rerouting is on.</param>
    public Task<ReceiptEffect> ApplyReceiptAsync(string partitionKey, int codeVersion, string provider, string? messageId, string status,
        string? errorCode, Func<string, bool> canReroute, CancellationToken cancellationToken) =>
        OptimisticConcurrency.RunAsync(async () =>
        {
            var record = await store.GetAsync(partitionKey, cancellationToken).ConfigureAwait(false);
            if (record?.ChallengeNonce is not { } nonce
                || Challenge.Find(record, new ChallengeId(partitionKey, nonce), policies) is not { } challenge)
            {
                return ReceiptEffect.Ignored;
            }

            var now = time.GetUtcNow();
            var effect = challenge.ApplyReceipt(codeVersion, provider, messageId, status, errorCode, canReroute(record.Tenant), now);
            if (effect == ReceiptEffect.Ignored)
            {
                return effect;
            }

            OtpLog.Receipt(outcomes.Logger, record.PartitionKey, codeVersion, provider, status);
            if (effect == ReceiptEffect.Applied)
            {
                await store.ReplaceAsync(record, record.ETag, cancellationToken).ConfigureAwait(false);
                return effect;
            }

            challenge.CountResend();
            var keySet = await keys.GetAsync(cancellationToken).ConfigureAwait(false);
            var mobile = challenge.Mobile!;
            var issue = new CodeIssue(new UserKey(record.Tenant, record.UserId), record, challenge, mobile, SendOperations.Resend, keySet,
                NumberKey.Compute(keySet.HmacKey, mobile), now);
            await issuer.IssueAndQueueAsync(issue, null, provider, cancellationToken).ConfigureAwait(false);
            OtpLog.Rerouted(outcomes.Logger, record.PartitionKey, provider);
            return effect;
        }, cancellationToken);
}
