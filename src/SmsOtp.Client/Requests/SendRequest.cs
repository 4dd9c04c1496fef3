namespace SmsOtp.Client;

/// <summary>A send (<c>POST /api/otp/send</c>): starts the SMS OTP step for a user whose first factor the app has checked.</summary>
/// <param name="Tenant">The tenant; null means the service's <c>default</c>.</param>
/// <param name="UserId">The user id, 1 to 256 characters without control characters (WSO2 names such as <c>PRIMARY/alice@example.com</c> as they are).</param>
public sealed record SendRequest(string? Tenant, string UserId)
{
    /// <summary>Hosted pages: where the browser returns (must be allowed by the service); the answer then has <see cref="SendResult.PageUrl"/>.</summary>
    public Uri? ReturnUrl { get; init; }

    /// <summary>
    /// BCP 47 language of the SMS and the pages (e.g. <c>pt-BR</c>); kept for resends. Without it the service may speak the
    /// language of the number's country (<c>LocaleFromNumber</c>), else the tenant's default.
    /// </summary>
    public string? Locale { get; init; }

    /// <summary>Dynamic linking: the payment the code is bound to and the SMS shows.</summary>
    public Transaction? Transaction { get; init; }

    /// <summary>The Android SMS Retriever app hash (11 characters) to add to the SMS.</summary>
    public string? AppHash { get; init; }

    /// <summary>
    /// This send's code length (4 to 10), within the tenant's <c>MinTokenLength</c>/<c>MaxTokenLength</c>; null: the tenant's.
    /// Outside the bounds the service answers 400 <see cref="ProblemCodes.ValidationFailed"/> naming the bound.
    /// </summary>
    public int? CodeLength { get; init; }

    /// <summary>
    /// This send's code lifetime, within the tenant's <c>MinTokenExpirySeconds</c>/<c>MaxTokenExpirySeconds</c>; null: the
    /// tenant's. Sent as whole seconds (<c>expiresInSeconds</c>); kept for resends.
    /// </summary>
    public TimeSpan? ExpiresIn { get; init; }

    /// <summary>The end user's IP address as the app sees it, for the service's per-IP send limit (stored only as a keyed hash).</summary>
    public string? ClientIp { get; init; }

    /// <summary>
    /// A device token an earlier <see cref="VerifyResult.DeviceToken"/> gave (trusted devices): when it is live for this
    /// user the send answers <see cref="SendStatus.Skipped"/> with <see cref="SendReasons.TrustedDevice"/> and sends no SMS;
    /// any other token is ignored and the send goes on as usual.
    /// </summary>
    public string? DeviceToken { get; init; }

    /// <summary>
    /// The <c>Idempotency-Key</c> to send (1 to 64 characters of <c>A-Za-z0-9-_.:</c>); null makes a random one for
    /// this call. Pass your own only to repeat a call yourself (after an exception) without a second SMS.
    /// </summary>
    public string? IdempotencyKey { get; init; }
}
