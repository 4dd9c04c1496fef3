namespace SmsOtp.Core.Otp;

/// <summary>
/// The SMS OTP step as the API and the hosted pages call it: send (spec §3's decision table), mobile capture,
/// verify, resend, status and the hosted pages' result. Each use case lives in its own folder; this is their
/// one door, so both hosts and the pages reach the same rules.
/// </summary>
public sealed class OtpService(
    IUserStore store,
    TenantOptions<PolicyOptions> policies,
    TimeProvider time,
    SendUseCase sends,
    MobileUseCase mobiles,
    ResendUseCase resends,
    VerifyUseCase verifications,
    ResultRedemption results)
{
    /// <param name="idempotency">With an <c>Idempotency-Key</c>: a repeat while the challenge is open answers as the first call did.</param>
    public Task<Outcome<SendResponse>> SendAsync(UserKey user, CancellationToken cancellationToken, IdempotentCall? idempotency = null) =>
        sends.SendAsync(new SendRequest(user), cancellationToken, idempotency);

    /// <inheritdoc cref="SendUseCase.SendAsync"/>
    public Task<Outcome<SendResponse>> SendAsync(SendRequest send, CancellationToken cancellationToken, IdempotentCall? idempotency = null) =>
        sends.SendAsync(send, cancellationToken, idempotency);

    /// <inheritdoc cref="MobileUseCase.SubmitMobileAsync"/>
    public Task<Outcome<SendResponse>> SubmitMobileAsync(ChallengeId id, string? mobile, CancellationToken cancellationToken,
        IdempotentCall? idempotency = null, IPAddress? clientIp = null) =>
        mobiles.SubmitMobileAsync(id, mobile, cancellationToken, idempotency, clientIp);

    /// <inheritdoc cref="ResendUseCase.ResendAsync"/>
    public Task<Outcome<SendResponse>> ResendAsync(ChallengeId? id, CancellationToken cancellationToken, IdempotentCall? idempotency = null,
        IPAddress? clientIp = null) =>
        resends.ResendAsync(id, cancellationToken, idempotency, clientIp);

    /// <inheritdoc cref="VerifyUseCase.VerifyAsync"/>
    public Task<VerifyResponse?> VerifyAsync(ChallengeId id, string code, CancellationToken cancellationToken, ResultTicket? pageResult = null,
        bool rememberDevice = false) =>
        verifications.VerifyAsync(id, code, cancellationToken, pageResult, rememberDevice);

    /// <summary><c>GET /api/otp/status</c> (spec §7.3): one point read, never an attempt; null when no challenge has this id.</summary>
    public async Task<ChallengeStatusResponse?> StatusAsync(ChallengeId id, CancellationToken cancellationToken) =>
        (await FindAsync(id, cancellationToken).ConfigureAwait(false))?.Describe(time.GetUtcNow());

    /// <summary>The challenge as it stands, to read (the hosted pages draw from it): one point read, no change.</summary>
    public async Task<Challenge?> FindAsync(ChallengeId id, CancellationToken cancellationToken) =>
        Challenge.Find(await store.GetAsync(id.PartitionKey, cancellationToken).ConfigureAwait(false), id, policies);

    /// <inheritdoc cref="ResultRedemption.RedeemResultAsync"/>
    public Task<VerifyResponse?> RedeemResultAsync(string token, CancellationToken cancellationToken) =>
        results.RedeemResultAsync(token, cancellationToken);
}
