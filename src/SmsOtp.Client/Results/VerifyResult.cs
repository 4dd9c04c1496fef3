namespace SmsOtp.Client;

/// <summary>The answer of verify and of a hosted-pages result redemption. Which properties are set depends on <see cref="Status"/>.</summary>
public sealed record VerifyResult
{
    /// <summary>What happened: one of <see cref="VerifyStatus"/>. Only <see cref="VerifyStatus.Verified"/> authenticates.</summary>
    public required string Status { get; init; }

    /// <summary><see cref="VerifyStatus.Verified"/>: one of <see cref="VerifyMethods"/>.</summary>
    public string? Method { get; init; }

    /// <summary><see cref="VerifyStatus.Verified"/>: the user's tenant.</summary>
    public string? Tenant { get; init; }

    /// <summary><see cref="VerifyStatus.Verified"/>: the user id (check it is the user the app sent the code for).</summary>
    public string? UserId { get; init; }

    /// <summary><see cref="VerifyStatus.Verified"/>: when.</summary>
    public DateTimeOffset? VerifiedAt { get; init; }

    /// <summary><see cref="VerifyStatus.Verified"/>: whether a captured number was written to the profile.</summary>
    public bool? MobileUpdated { get; init; }

    /// <summary><see cref="VerifyStatus.Verified"/>: the transaction the code was bound to, when the send had one.</summary>
    public Transaction? Transaction { get; init; }

    /// <summary>
    /// <see cref="VerifyStatus.Verified"/> with <c>rememberDevice</c> (and trusted devices on): the device token, shown this
    /// once. Keep it on the user's device only (e.g. an HttpOnly, Secure cookie) and pass it to the next send; never log it.
    /// </summary>
    public string? DeviceToken { get; init; }

    /// <summary>With <see cref="DeviceToken"/>: when it stops skipping the step.</summary>
    public DateTimeOffset? DeviceTokenExpiresAt { get; init; }

    /// <summary><see cref="VerifyStatus.InvalidCode"/>: tries left on this challenge.</summary>
    public int? AttemptsRemaining { get; init; }

    /// <summary><see cref="VerifyStatus.InvalidCode"/>: whether another try is allowed.</summary>
    public bool? RetryAllowed { get; init; }

    /// <summary>On failures: whether the app should offer other factors (the service's <c>RedirectToMultiOptionPageOnFailure</c>).</summary>
    public bool? RedirectToMultiOptionPage { get; init; }

    /// <summary><see cref="VerifyStatus.Locked"/>: when the lock ends.</summary>
    public DateTimeOffset? LockedUntil { get; init; }

    /// <summary>True when the code was right: the only outcome that authenticates.</summary>
    public bool IsVerified => Status == VerifyStatus.Verified;

    /// <summary>True when the code was wrong and the user may try again on this challenge.</summary>
    public bool CanRetry => Status == VerifyStatus.InvalidCode && RetryAllowed == true;

    /// <summary>True when the account is locked.</summary>
    public bool IsLocked => Status == VerifyStatus.Locked;
}
