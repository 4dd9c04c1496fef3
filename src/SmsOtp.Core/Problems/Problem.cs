namespace SmsOtp.Core.Problems;

/// <summary>
/// Every problem the service answers, with its status, code and text, in one place: the domain returns
/// these, the hosts map them to <c>application/problem+json</c> (or a page). Texts never hold a code, a
/// number or anything else a request brought.
/// </summary>
public static class Problem
{
    // ---- 400: the request ----

    public static ApiProblem Validation(string detail) =>
        new(400, ProblemCodes.ValidationFailed, "The request is not valid.", detail);

    public static ApiProblem InvalidMobile(string detail) =>
        new(400, ProblemCodes.InvalidMobile, "Invalid mobile number.", detail);

    public static ApiProblem ReturnUrlNotAllowed() =>
        new(400, ProblemCodes.ReturnUrlNotAllowed, "Return URL not allowed.",
            "'returnUrl' must be an absolute URL under one of SmsOtp:Pages:AllowedReturnUrls (same origin, path prefix).");

    public static ApiProblem Unauthorized() =>
        new(401, ProblemCodes.Unauthorized, "Unauthorized.", "Send the API key in the x-functions-key header.");

    /// <summary>A delivery receipt whose signature, token or reference does not prove it (spec §8).</summary>
    public static ApiProblem InvalidSignature() =>
        new(401, ProblemCodes.InvalidSignature, "Invalid signature.", "The receipt's signature, token or reference is missing or wrong.");

    /// <summary>A receipt for a provider no configuration names.</summary>
    public static ApiProblem UnknownProvider() =>
        new(404, ProblemCodes.NotFound, "Not found.", "No configured provider has this name.");

    public static ApiProblem PayloadTooLarge(string detail) =>
        new(413, ProblemCodes.PayloadTooLarge, "Payload too large.", detail);

    public static ApiProblem UnsupportedMediaType() =>
        new(415, ProblemCodes.UnsupportedMediaType, "Unsupported media type.", "Send the body as application/json.");

    public static ApiProblem NotFound() =>
        new(404, ProblemCodes.NotFound, "Not found.", "No API route matches this path.");

    public static ApiProblem MethodNotAllowed() =>
        new(405, ProblemCodes.MethodNotAllowed, "Method not allowed.", "This API route does not accept this method; see the Allow header.");

    // ---- The policy (spec §3, §4) ----

    /// <summary>A number given with the request (profile, mobile) is in a country outside the allow-list.</summary>
    public static ApiProblem CountryNotAllowed(string detail) =>
        new(403, ProblemCodes.CountryNotAllowed, "Country not allowed.", detail);

    /// <summary>
    /// The one mapping of a number's parse to its problem; null for a number that may be used. Without a
    /// <paramref name="detail"/> the number is the user's registered one: its problem says so, and one that no
    /// longer parses is used as before.
    /// </summary>
    public static ApiProblem? ForMobile(MobileParseStatus status, string? detail) => status switch
    {
        MobileParseStatus.Invalid when detail is not null => InvalidMobile(detail),
        MobileParseStatus.CountryNotAllowed => detail is null ? StoredNumberCountryNotAllowed() : CountryNotAllowed(detail),
        MobileParseStatus.NumberTypeNotAllowed => detail is null ? StoredNumberTypeNotAllowed() : NumberTypeNotAllowed(detail),
        _ => null,
    };

    /// <summary>A number stored before the allow-list changed.</summary>
    public static ApiProblem StoredNumberCountryNotAllowed() =>
        CountryNotAllowed("The user's registered number is in a country this service does not send to.");

    /// <summary>A number of a blocked type (premium rate, toll free, ...; spec §9), given or stored.</summary>
    public static ApiProblem NumberTypeNotAllowed(string detail) =>
        new(403, ProblemCodes.NumberTypeNotAllowed, "Number type not allowed.", detail);

    /// <summary>A stored number whose type became blocked after it was stored.</summary>
    public static ApiProblem StoredNumberTypeNotAllowed() =>
        NumberTypeNotAllowed("The user's registered number is of a type (premium rate, toll free, ...) that cannot receive codes.");

    public static ApiProblem MobileNotRegistered() =>
        new(422, ProblemCodes.MobileNotRegistered, "No mobile number registered.",
            "The user has no mobile number, SMS OTP is mandatory and capturing a number at login is off.");

    /// <summary>422 on send (mandatory, unknown user, direct send off).</summary>
    public static ApiProblem UnknownUserOnSend() =>
        new(422, ProblemCodes.UserNotFound, "User not found.",
            "The user is unknown, SMS OTP is mandatory and sending directly to a number is off.");

    /// <summary>404 on the profile routes.</summary>
    public static ApiProblem UserNotFound() =>
        new(404, ProblemCodes.UserNotFound, "User not found.", "No profile exists for this tenant and user id.");

    public static ApiProblem Locked(DateTimeOffset until) =>
        new(423, ProblemCodes.AccountLocked, "The account is locked.", "Too many failed verifications; try again after the lock ends.")
        {
            LockedUntil = until,
        };

    public static ApiProblem OptOutNotAllowed() =>
        new(409, ProblemCodes.OptOutNotAllowed, "Opting out is not allowed.",
            "SMS OTP is mandatory or the per-user opt-out (SmsOtp:EnableByUserClaim) is off.");

    public static ApiProblem BackupCodesDisabled() =>
        new(409, ProblemCodes.BackupCodesDisabled, "Backup codes are disabled.", "This service is configured without backup codes (SmsOtp:BackupCode).");

    // ---- The challenge ----

    public static ApiProblem ChallengeNotFound() =>
        new(404, ProblemCodes.ChallengeNotFound, "Challenge not found.", "No open challenge has this id; it may have been superseded by a newer send.");

    public static ApiProblem ChallengeState(string detail) =>
        new(409, ProblemCodes.ChallengeState, "The challenge is not in a state that allows this.", detail);

    public static ApiProblem DeliveryFailed() =>
        new(409, ProblemCodes.DeliveryFailed, "The SMS could not be delivered.",
            "Every provider failed to deliver this challenge's code; start a new send or offer another factor.");

    public static ApiProblem ResendDisabled() =>
        new(403, ProblemCodes.ResendDisabled, "Resend is disabled.", "This service is configured without resend (SmsOtp:ResendEnable).");

    public static ApiProblem ResendLimitReached(int maximum) =>
        new(429, ProblemCodes.ResendLimitReached, "Resend limit reached.", $"A challenge allows at most {maximum} resends; start a new send.");

    public static ApiProblem ResendTooSoon(TimeSpan wait) =>
        new(429, ProblemCodes.ResendTooSoon, "Resend too soon.", "Wait before asking for another code.") { RetryAfter = WholeSeconds(wait) };

    /// <summary>One text for every send limit: which limit was hit would tell one tenant about another's traffic.</summary>
    public static ApiProblem RateLimited(TimeSpan retryAfter) =>
        new(429, ProblemCodes.RateLimited, "Too many codes sent.", "Too many codes were sent recently; try again later.") { RetryAfter = WholeSeconds(retryAfter) };

    /// <summary>
    /// The fraud guard (spec §9): the destination is suspended or a spending cap is reached. One text for both, and
    /// nothing about which: the destination's traffic is other users' business.
    /// </summary>
    public static ApiProblem DestinationSuspended(TimeSpan retryAfter) =>
        new(429, ProblemCodes.DestinationSuspended, "Destination suspended.",
            "Codes cannot be sent to this destination at the moment; try again later or use another factor.")
        {
            RetryAfter = WholeSeconds(retryAfter < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : retryAfter),
        };

    public static ApiProblem IdempotencyKeyReused() =>
        new(422, ProblemCodes.IdempotencyKeyReused, "Idempotency key reused.",
            "This Idempotency-Key was sent with a different request; a new request needs a new key.");

    public static ApiProblem ResultNotFound() =>
        new(404, ProblemCodes.ResultNotFound, "Result not found.",
            "No unredeemed result has this token; a result is redeemed once and expires shortly after the code is verified.");

    // ---- The service ----

    public static ApiProblem ServiceUnavailable() =>
        new(503, ProblemCodes.ServiceUnavailable, "Service unavailable.", "A dependency of the service did not answer; retry shortly.")
        {
            RetryAfter = TimeSpan.FromSeconds(1),
        };

    public static ApiProblem InternalError() =>
        new(500, ProblemCodes.InternalError, "Internal error.", "The service failed to handle the request.");

    private static TimeSpan WholeSeconds(TimeSpan wait) => TimeSpan.FromSeconds(Math.Ceiling(wait.TotalSeconds));
}
