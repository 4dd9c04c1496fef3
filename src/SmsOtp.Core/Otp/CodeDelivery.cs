namespace SmsOtp.Core.Otp;

/// <summary>
/// One code's delivery state on the user's row: the one owner of "is this still the current code" and of the claim,
/// accept and fail changes delivery writes (as partial merges, under the ETag it holds), and of what the status route
/// and a receipt read from those fields. <see cref="Challenge"/> owns the challenge's phase; this type asks it.
/// </summary>
public sealed record CodeDelivery(string ChallengeNonce, int CodeVersion)
{
    /// <summary>What a read row says of a claim about to be made.</summary>
    public enum ClaimCheck
    {
        /// <summary>The row is gone (the user was erased).</summary>
        Erased,

        /// <summary>A newer code or challenge, or the challenge was settled: this code is not to be sent.</summary>
        Superseded,

        /// <summary>Claimed by another attempt (sent, or its fate unknown): at most once means not again.</summary>
        ClaimedByOther,

        /// <summary>Claimed by this attempt, whose write's answer was lost: the provider was not called yet.</summary>
        ClaimedByMe,

        /// <summary>Current and unclaimed: claim it.</summary>
        Free,
    }

    /// <summary>The same code: same challenge, same version (settled or not).</summary>
    public bool IsSameCode(UserRecord row) => row.ChallengeNonce == ChallengeNonce && row.CodeVersion == CodeVersion;

    /// <summary>Whether this code is still the one to send (or to fail): the same code, of a challenge still open.</summary>
    public bool IsCurrent(UserRecord row) => IsSameCode(row) && Challenge.IsOpen(row);

    /// <summary>Whether a claim carrying <paramref name="token"/> may be made on <paramref name="row"/>, or what stops it.</summary>
    public ClaimCheck Check(UserRecord? row, string token) => row switch
    {
        null => ClaimCheck.Erased,
        _ when !IsCurrent(row) => ClaimCheck.Superseded,
        _ when IsClaimed(row) => row.DeliveryClaim == token ? ClaimCheck.ClaimedByMe : ClaimCheck.ClaimedByOther,
        _ => ClaimCheck.Free,
    };

    /// <summary>The claim, made before any provider is called; <paramref name="token"/> tells this attempt's own claim after a lost answer.</summary>
    public IDictionary<string, object?> Claim(string token) => new Dictionary<string, object?>
    {
        [nameof(UserRecord.DeliveryVersion)] = CodeVersion,
        [nameof(UserRecord.DeliveryState)] = DeliveryStates.Claimed,
        [nameof(UserRecord.DeliveryClaim)] = token,
    };

    /// <summary>
    /// Who accepted the code and its message id, for its receipt (spec §8). Written for the same code even when its
    /// challenge was settled meanwhile (<see cref="IsSameCode"/>): the SMS went out, and the status route names its provider.
    /// </summary>
    public static IDictionary<string, object?> Accept(string? provider, string? messageId) => new Dictionary<string, object?>
    {
        [nameof(UserRecord.DeliveryProvider)] = provider,
        [nameof(UserRecord.DeliveryMessageId)] = messageId,
    };

    /// <summary>No provider took the code: the claim is released; on the <paramref name="last"/> attempt the challenge is undeliverable.</summary>
    public static IDictionary<string, object?> Fail(bool last)
    {
        var update = new Dictionary<string, object?> { [nameof(UserRecord.DeliveryState)] = DeliveryStates.Failed };
        if (last)
        {
            Challenge.MarkUndeliverable(update);
        }

        return update;
    }

    /// <summary>A new code (or challenge) on the row: nothing of the earlier code's delivery carries over.</summary>
    public static void Reset(UserRecord row)
    {
        row.DeliveryVersion = 0;
        row.DeliveryState = null;
        row.DeliveryProvider = null;
        row.DeliveryMessageId = null;
        row.DeliveryStatus = null;
        row.DeliveryErrorCode = null;
    }

    /// <summary>Whether the row's current code was claimed: sent, or its fate unknown (a claim stays only then).</summary>
    public static bool IsCurrentClaimed(UserRecord row) => row.DeliveryVersion == row.CodeVersion && row.DeliveryState == DeliveryStates.Claimed;

    /// <summary>
    /// The delivery status the status route shows for the row's current code (spec §7.3): a receipt's status once one
    /// came; a rerouted code is "rerouted" until its own does.
    /// </summary>
    public static string StatusOf(UserRecord row, ChallengeStatus status)
    {
        var sent = IsCurrentClaimed(row);
        return status switch
        {
            ChallengeStatus.Undeliverable => DeliveryStatuses.Failed,
            ChallengeStatus.AwaitingMobile => DeliveryStatuses.Queued,
            _ when sent && row.DeliveryStatus is { } receipt => receipt,
            _ when row.ReroutedVersion == row.CodeVersion && row.ReroutedVersion > 0 => DeliveryStatuses.Rerouted,
            _ when sent => DeliveryStatuses.Sent,
            _ => DeliveryStatuses.Queued,
        };
    }

    /// <summary>
    /// Records a verified receipt's status for code <paramref name="codeVersion"/> if it applies: the current code,
    /// claimed and accepted by that provider under that message id, and no final status yet (so a replayed or late
    /// receipt cannot undo one). The caller has checked that the challenge is pending.
    /// </summary>
    public static bool TryApplyReceipt(UserRecord row, int codeVersion, string provider, string? messageId, string status, string? errorCode)
    {
        if (codeVersion != row.CodeVersion || !IsCurrentClaimed(row)
            || row.DeliveryStatus is not null || row.DeliveryMessageId is null
            || !string.Equals(row.DeliveryProvider, provider, StringComparison.Ordinal)
            || !string.Equals(row.DeliveryMessageId, messageId, StringComparison.Ordinal))
        {
            return false;
        }

        row.DeliveryStatus = status;
        row.DeliveryErrorCode = status == DeliveryStatuses.Delivered ? null : errorCode;
        return true;
    }

    private bool IsClaimed(UserRecord row) => row.DeliveryVersion == CodeVersion && row.DeliveryState == DeliveryStates.Claimed;
}
