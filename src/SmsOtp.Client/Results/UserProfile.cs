namespace SmsOtp.Client;

/// <summary>A user's profile in the service (WSO2's user claims).</summary>
public sealed record UserProfile
{
    /// <summary>The tenant.</summary>
    public required string Tenant { get; init; }

    /// <summary>The user id.</summary>
    public required string UserId { get; init; }

    /// <summary>The registered number, masked (<c>+*******8888</c>); null when there is none.</summary>
    public string? MaskedMobile { get; init; }

    /// <summary>Whether the user opted out of SMS OTP.</summary>
    public bool SmsOtpDisabled { get; init; }

    /// <summary>Unspent backup codes.</summary>
    public int BackupCodesRemaining { get; init; }

    /// <summary>When the current lock ends; null when the account is not locked.</summary>
    public DateTimeOffset? LockedUntil { get; init; }

    /// <summary>Consecutive failed verifications since the last success or lock.</summary>
    public int FailedAttempts { get; init; }

    /// <summary>True when a number is registered.</summary>
    public bool HasMobile => MaskedMobile is not null;

    /// <summary>True when the account is locked.</summary>
    public bool IsLocked => LockedUntil is not null;
}
