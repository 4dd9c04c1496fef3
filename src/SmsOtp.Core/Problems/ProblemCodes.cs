namespace SmsOtp.Core.Problems;

/// <summary>The spec's problem <c>code</c> values (snake_case), API and hosted pages alike.</summary>
public static class ProblemCodes
{
    public const string ValidationFailed = "validation_failed";
    public const string MobileNotRegistered = "mobile_not_registered";
    public const string UserNotFound = "user_not_found";
    public const string AccountLocked = "account_locked";
    public const string RateLimited = "rate_limited";
    public const string InvalidMobile = "invalid_mobile";
    public const string CountryNotAllowed = "country_not_allowed";
    public const string ChallengeNotFound = "challenge_not_found";
    public const string ChallengeState = "challenge_state";
    public const string ResendDisabled = "resend_disabled";
    public const string ResendTooSoon = "resend_too_soon";
    public const string ResendLimitReached = "resend_limit_reached";
    public const string DeliveryFailed = "delivery_failed";
    public const string OptOutNotAllowed = "opt_out_not_allowed";
    public const string BackupCodesDisabled = "backup_codes_disabled";
    public const string Unauthorized = "unauthorized";
    public const string InvalidSignature = "invalid_signature";
    public const string PayloadTooLarge = "payload_too_large";
    public const string UnsupportedMediaType = "unsupported_media_type";
    public const string NotFound = "not_found";
    public const string MethodNotAllowed = "method_not_allowed";
    public const string ServiceUnavailable = "service_unavailable";
    public const string InternalError = "internal_error";

    /// <summary>400: <c>returnUrl</c> is not under any <c>SmsOtp:Pages:AllowedReturnUrls</c> entry (spec §2.7).</summary>
    public const string ReturnUrlNotAllowed = "return_url_not_allowed";

    /// <summary>404: the <c>result</c> token is unknown, expired or already redeemed (spec §2.7).</summary>
    public const string ResultNotFound = "result_not_found";

    /// <summary>429: the destination is suspended by the fraud guard, or a spending cap is reached (spec §9).</summary>
    public const string DestinationSuspended = "destination_suspended";

    /// <summary>403: the number is of a type in <c>SmsOtp:BlockedNumberTypes</c> (spec §9).</summary>
    public const string NumberTypeNotAllowed = "number_type_not_allowed";

    /// <summary>422: an <c>Idempotency-Key</c> already used for a different request (spec §7.2).</summary>
    public const string IdempotencyKeyReused = "idempotency_key_reused";
}
