namespace SmsOtp.Client;

/// <summary>
/// The values of <see cref="SmsOtpProblemException.Code"/>: the service's machine-readable problem codes (spec §2,
/// the OpenAPI document's <c>ProblemCode</c>). A code added later reaches the app as it is.
/// </summary>
public static class ProblemCodes
{
    /// <summary>400: the request body, a query parameter or a header is malformed or breaks a field rule.</summary>
    public const string ValidationFailed = "validation_failed";

    /// <summary>400: the mobile number is not a valid number (libphonenumber).</summary>
    public const string InvalidMobile = "invalid_mobile";

    /// <summary>400: <c>returnUrl</c> is not under any <c>SmsOtp:Pages:AllowedReturnUrls</c> entry.</summary>
    public const string ReturnUrlNotAllowed = "return_url_not_allowed";

    /// <summary>401: no valid function key (<c>x-functions-key</c> or <c>?code=</c>).</summary>
    public const string Unauthorized = "unauthorized";

    /// <summary>401: a delivery receipt did not prove itself by its provider's signature scheme.</summary>
    public const string InvalidSignature = "invalid_signature";

    /// <summary>403: the number's country is not in <c>SmsOtp:AllowedCountryCodes</c>.</summary>
    public const string CountryNotAllowed = "country_not_allowed";

    /// <summary>403: the number's type (premium rate, toll free, ...) is in <c>SmsOtp:BlockedNumberTypes</c>.</summary>
    public const string NumberTypeNotAllowed = "number_type_not_allowed";

    /// <summary>403: resend is off (<c>SmsOtp:ResendEnable</c>).</summary>
    public const string ResendDisabled = "resend_disabled";

    /// <summary>404: no open challenge has this id (unknown or superseded by a newer send).</summary>
    public const string ChallengeNotFound = "challenge_not_found";

    /// <summary>404: the hosted pages' result token is unknown, expired or already redeemed.</summary>
    public const string ResultNotFound = "result_not_found";

    /// <summary>404 on the profile routes: no profile for this tenant and user id; 422 on send: the user is unknown, SMS OTP is mandatory and direct send is off.</summary>
    public const string UserNotFound = "user_not_found";

    /// <summary>404: no API route has this path.</summary>
    public const string NotFound = "not_found";

    /// <summary>405: the path exists but not with this method; see the <c>Allow</c> header.</summary>
    public const string MethodNotAllowed = "method_not_allowed";

    /// <summary>409: the challenge is not in a state that allows this call.</summary>
    public const string ChallengeState = "challenge_state";

    /// <summary>409 on resend: every provider failed to deliver this challenge's code.</summary>
    public const string DeliveryFailed = "delivery_failed";

    /// <summary>409: <c>smsOtpDisabled: true</c> while opt-out is off or SMS OTP is mandatory.</summary>
    public const string OptOutNotAllowed = "opt_out_not_allowed";

    /// <summary>409: backup codes are off (<c>SmsOtp:BackupCode</c>).</summary>
    public const string BackupCodesDisabled = "backup_codes_disabled";

    /// <summary>413: the request body is over 64 KiB.</summary>
    public const string PayloadTooLarge = "payload_too_large";

    /// <summary>415: the request body is not <c>application/json</c>.</summary>
    public const string UnsupportedMediaType = "unsupported_media_type";

    /// <summary>422: the user has no mobile number, SMS OTP is mandatory and capture is off.</summary>
    public const string MobileNotRegistered = "mobile_not_registered";

    /// <summary>422: this <c>Idempotency-Key</c> was used with a different body.</summary>
    public const string IdempotencyKeyReused = "idempotency_key_reused";

    /// <summary>423: the account is locked after repeated failures; see <c>lockedUntil</c>.</summary>
    public const string AccountLocked = "account_locked";

    /// <summary>429: too many codes sent recently (per user, number, tenant or client IP); see <c>Retry-After</c>.</summary>
    public const string RateLimited = "rate_limited";

    /// <summary>429: the resend cooldown has not passed; see <c>Retry-After</c>.</summary>
    public const string ResendTooSoon = "resend_too_soon";

    /// <summary>429: the challenge allows no more resends (<c>SmsOtp:MaximumResendAttempts</c>).</summary>
    public const string ResendLimitReached = "resend_limit_reached";

    /// <summary>429: the destination is suspended by the SMS pumping guard, or a spending cap is reached; see <c>Retry-After</c>.</summary>
    public const string DestinationSuspended = "destination_suspended";

    /// <summary>500: the service failed; never the answer to a malformed request.</summary>
    public const string InternalError = "internal_error";

    /// <summary>503: a dependency (storage, Key Vault) did not answer; retry after <c>Retry-After</c>.</summary>
    public const string ServiceUnavailable = "service_unavailable";
}
