using Azure.Data.Tables;

namespace SmsOtp.Core.Storage;

/// <summary>
/// One row per user (table <c>users</c>): the profile, the lock state, the backup code hashes and the
/// user's single open challenge. One row answers every step of a login, so send and verify are each a
/// point read and one conditional write, and a new send supersedes the old challenge by overwriting it.
/// A row may exist without a profile (<see cref="HasProfile"/> false) to hold a direct-mode challenge
/// or the lock state of a user the service does not know.
/// </summary>
public sealed class UserRecord : ITableEntity
{
    public const string Row = "u";

    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = Row;
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    public string Tenant { get; set; } = "";
    public string UserId { get; set; } = "";

    // Profile (spec §2.5).
    public bool HasProfile { get; set; }
    public string? Mobile { get; set; }
    public bool SmsOtpDisabled { get; set; }
    public string? BackupCodeHashes { get; set; }

    // Account lock (spec §3).
    public int FailedAttempts { get; set; }
    public DateTimeOffset? LockedUntil { get; set; }
    public int LockCount { get; set; }

    // The current challenge.
    public string? ChallengeNonce { get; set; }
    public string? ChallengeState { get; set; }
    public string? ChallengeMode { get; set; }
    public string? ChallengeMobile { get; set; }
    public DateTimeOffset? ChallengeCreatedAt { get; set; }
    public string? CodeHash { get; set; }

    /// <summary>Grows with every code generated for this row; queue messages name the version they carry.</summary>
    public int CodeVersion { get; set; }

    public DateTimeOffset? CodeExpiresAt { get; set; }
    public int ChallengeAttempts { get; set; }
    public int ResendCount { get; set; }
    public DateTimeOffset? LastSentAt { get; set; }
    public DateTimeOffset? VerifiedAt { get; set; }

    // What the send asked for, kept for resends and the pages (spec §10): locale, payment transaction (JSON), app hash.
    public string? ChallengeLocale { get; set; }
    public string? ChallengeTransaction { get; set; }
    public string? ChallengeAppHash { get; set; }

    // The send's own code length and lifetime (spec §15.3), kept for resends; null: the tenant's.
    public int? ChallengeCodeLength { get; set; }
    public int? ChallengeExpirySeconds { get; set; }

    // Hosted pages (spec §2.7): the one-time result of the last challenge verified on a page. Only the
    // token's keyed hash is stored; redeeming clears all three in one conditional write.
    public string? ResultHash { get; set; }
    public string? ResultBody { get; set; }
    public DateTimeOffset? ResultExpiresAt { get; set; }

    // Delivery bookkeeping: the code version a delivery claimed and what became of it.
    public int DeliveryVersion { get; set; }
    public string? DeliveryState { get; set; }

    // Random per delivery attempt, written with the claim: an attempt whose claim write landed but whose answer was
    // lost recognises the claim as its own on the re-read (and sends), where another attempt's claim means "not again".
    public string? DeliveryClaim { get; set; }

    // Random per verify call, written with the verification: a call whose write landed but whose answer was lost
    // recognises the consumed challenge as its own on the re-read and answers verified, where any other call gets consumed.
    public string? ChallengeVerifiedBy { get; set; }

    // Receipts (spec §8): who accepted the current code and under which id (kept only when a receipt can come),
    // what the receipt said, and the code version a reroute issued (one per challenge).
    public string? DeliveryProvider { get; set; }
    public string? DeliveryMessageId { get; set; }
    public string? DeliveryStatus { get; set; }
    public string? DeliveryErrorCode { get; set; }
    public int ReroutedVersion { get; set; }

    // Send rate limit (SmsOtp:RateLimits:SendsPerUserPerHour): Unix seconds of the last hour's sends.
    public string? RecentSends { get; set; }

    // Idempotency-Key (spec §7.2): the current challenge's keyed calls and their first answers (JSON).
    public string? Idempotency { get; set; }

    // Trusted devices (spec §15.1): the keyed hashes of the user's device tokens with their expiry (TrustedDevices/DeviceTokenList),
    // and whether the hosted page's pending result asked to remember the device (its token is made when the result is redeemed).
    public string? DeviceTokens { get; set; }
    public bool ResultRemembersDevice { get; set; }
}
