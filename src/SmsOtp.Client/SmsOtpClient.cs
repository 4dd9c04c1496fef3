using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Serialization.Metadata;
using Polly.Timeout;
using SmsOtp.Client.Internal;

namespace SmsOtp.Client;

/// <summary>
/// The SMS OTP service's API for .NET apps: one method per route. Register it with
/// <see cref="Microsoft.Extensions.DependencyInjection.SmsOtpClientServiceCollectionExtensions.AddSmsOtpClient"/> and
/// inject it.
/// </summary>
/// <remarks>
/// Each method returns the service's answer as a record (switch on its <c>Status</c>) or throws
/// <see cref="SmsOtpProblemException"/> for a problem the service answered (switch on its <c>Code</c>) or
/// <see cref="SmsOtpTransportException"/> when there was no answer of the API. Send, mobile and resend carry an
/// <c>Idempotency-Key</c> and are retried like the GET, PUT and DELETE calls; verify, result redemption,
/// backup-code generation, unlock and the health probe are never retried.
/// </remarks>
public sealed class SmsOtpClient
{
    private const string IdempotencyKeyHeader = "Idempotency-Key";

    private readonly HttpClient _http;
    private readonly TimeProvider _time;

    /// <summary>
    /// Creates the client over an <see cref="HttpClient"/> whose <see cref="HttpClient.BaseAddress"/> is the service's
    /// <c>/api/</c> address. The HTTP client factory does this when the client is registered with
    /// <see cref="Microsoft.Extensions.DependencyInjection.SmsOtpClientServiceCollectionExtensions.AddSmsOtpClient"/>
    /// (which also adds the function key, the timeouts and the retries).
    /// </summary>
    /// <param name="httpClient">The HTTP client.</param>
    /// <param name="timeProvider">The clock for <c>Retry-After</c> dates; the system clock when null.</param>
    public SmsOtpClient(HttpClient httpClient, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        if (httpClient.BaseAddress is null)
        {
            throw new ArgumentException("The HttpClient needs the service's /api/ address as BaseAddress (AddSmsOtpClient sets it).", nameof(httpClient));
        }

        _http = httpClient;
        _time = timeProvider ?? TimeProvider.System;
    }

    // ---- The SMS OTP step ----

    /// <summary>Starts the SMS OTP step for a user (<c>POST /api/otp/send</c>), after the app checked the first factor.</summary>
    /// <param name="tenant">The tenant; null for the service's <c>default</c>.</param>
    /// <param name="userId">The user id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns><see cref="SendStatus.Sent"/>, <see cref="SendStatus.Skipped"/> or <see cref="SendStatus.MobileRequired"/>.</returns>
    /// <exception cref="SmsOtpProblemException">E.g. <see cref="ProblemCodes.AccountLocked"/> (423), <see cref="ProblemCodes.RateLimited"/> (429), <see cref="ProblemCodes.MobileNotRegistered"/> (422).</exception>
    /// <exception cref="SmsOtpTransportException">The service did not answer (after retries).</exception>
    public Task<SendResult> SendAsync(string? tenant, string userId, CancellationToken cancellationToken = default) =>
        SendAsync(new SendRequest(tenant, userId), cancellationToken);

    /// <summary>Starts the SMS OTP step for a user (<c>POST /api/otp/send</c>), skipped when <paramref name="deviceToken"/> is a live token of this user.</summary>
    /// <param name="tenant">The tenant; null for the service's <c>default</c>.</param>
    /// <param name="userId">The user id.</param>
    /// <param name="deviceToken">The token an earlier verify with <c>rememberDevice</c> gave (null: none).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns><see cref="SendStatus.Skipped"/> with <see cref="SendReasons.TrustedDevice"/> for a remembered device; otherwise as without a token.</returns>
    /// <exception cref="SmsOtpProblemException">E.g. <see cref="ProblemCodes.AccountLocked"/> (423), <see cref="ProblemCodes.RateLimited"/> (429).</exception>
    /// <exception cref="SmsOtpTransportException">The service did not answer (after retries).</exception>
    public Task<SendResult> SendAsync(string? tenant, string userId, string? deviceToken, CancellationToken cancellationToken = default) =>
        SendAsync(new SendRequest(tenant, userId) { DeviceToken = deviceToken }, cancellationToken);

    /// <summary>Starts the SMS OTP step for a user (<c>POST /api/otp/send</c>) with the optional fields (return URL, locale, transaction, ...).</summary>
    /// <param name="request">The send.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns><see cref="SendStatus.Sent"/>, <see cref="SendStatus.Skipped"/> or <see cref="SendStatus.MobileRequired"/>.</returns>
    /// <exception cref="SmsOtpProblemException">E.g. <see cref="ProblemCodes.AccountLocked"/> (423), <see cref="ProblemCodes.RateLimited"/> (429), <see cref="ProblemCodes.MobileNotRegistered"/> (422).</exception>
    /// <exception cref="SmsOtpTransportException">The service did not answer (after retries).</exception>
    public Task<SendResult> SendAsync(SendRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrEmpty(request.UserId, nameof(request.UserId));
        if (request.ReturnUrl is { IsAbsoluteUri: false })
        {
            throw new ArgumentException("ReturnUrl must be an absolute URL.", nameof(request));
        }

        if (request.ExpiresIn is { } expiresIn && (expiresIn.Ticks % TimeSpan.TicksPerSecond != 0 || expiresIn <= TimeSpan.Zero))
        {
            throw new ArgumentException("ExpiresIn must be a positive whole number of seconds.", nameof(request));
        }

        var key = IdempotencyKeys.OrNew(request.IdempotencyKey, nameof(request.IdempotencyKey));
        var body = new SendBody(request.Tenant, request.UserId, request.ReturnUrl?.AbsoluteUri, request.Locale, request.Transaction,
            request.AppHash, request.ClientIp)
        {
            DeviceToken = request.DeviceToken,
            CodeLength = request.CodeLength,
            ExpiresInSeconds = request.ExpiresIn is { } lifetime ? (int)lifetime.TotalSeconds : null,
        };
        return CallAsync(Post("otp/send", body, SmsOtpJsonContext.Default.SendBody), Retry.Idempotent, key,
            SmsOtpJsonContext.Default.SendResult, cancellationToken);
    }

    /// <summary>Gives the number a <see cref="SendStatus.MobileRequired"/> challenge waits for, then sends (<c>POST /api/otp/mobile</c>).</summary>
    /// <param name="challengeId">The challenge id the send returned.</param>
    /// <param name="mobile">The number the user typed.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>Always <see cref="SendStatus.Sent"/>.</returns>
    /// <exception cref="SmsOtpProblemException">E.g. <see cref="ProblemCodes.InvalidMobile"/> (400), <see cref="ProblemCodes.CountryNotAllowed"/> (403), <see cref="ProblemCodes.ChallengeState"/> (409).</exception>
    /// <exception cref="SmsOtpTransportException">The service did not answer (after retries).</exception>
    public Task<SendResult> SubmitMobileAsync(string challengeId, string mobile, CancellationToken cancellationToken = default) =>
        SubmitMobileAsync(new MobileRequest(challengeId, mobile), cancellationToken);

    /// <summary>Gives the number a <see cref="SendStatus.MobileRequired"/> challenge waits for, then sends (<c>POST /api/otp/mobile</c>).</summary>
    /// <param name="request">The challenge and the number.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>Always <see cref="SendStatus.Sent"/>.</returns>
    /// <exception cref="SmsOtpProblemException">E.g. <see cref="ProblemCodes.InvalidMobile"/> (400), <see cref="ProblemCodes.CountryNotAllowed"/> (403), <see cref="ProblemCodes.ChallengeState"/> (409).</exception>
    /// <exception cref="SmsOtpTransportException">The service did not answer (after retries).</exception>
    public Task<SendResult> SubmitMobileAsync(MobileRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrEmpty(request.ChallengeId, nameof(request.ChallengeId));
        ArgumentException.ThrowIfNullOrEmpty(request.Mobile, nameof(request.Mobile));
        var key = IdempotencyKeys.OrNew(request.IdempotencyKey, nameof(request.IdempotencyKey));
        var body = new MobileBody(request.ChallengeId, request.Mobile, request.ClientIp);
        return CallAsync(Post("otp/mobile", body, SmsOtpJsonContext.Default.MobileBody), Retry.Idempotent, key,
            SmsOtpJsonContext.Default.SendResult, cancellationToken);
    }

    /// <summary>
    /// Checks what the user typed, the SMS code or a backup code (<c>POST /api/otp/verify</c>). Never retried: a
    /// repeated wrong code would count as a second failed attempt, and a repeated right one would answer
    /// <see cref="VerifyStatus.Consumed"/>.
    /// </summary>
    /// <param name="challengeId">The challenge id the send returned.</param>
    /// <param name="code">What the user typed.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The outcome; only <see cref="VerifyResult.IsVerified"/> authenticates.</returns>
    /// <exception cref="SmsOtpProblemException">E.g. <see cref="ProblemCodes.ChallengeNotFound"/> (404).</exception>
    /// <exception cref="SmsOtpTransportException">The service did not answer; the code may or may not have been checked.</exception>
    public Task<VerifyResult> VerifyAsync(string challengeId, string code, CancellationToken cancellationToken = default) =>
        VerifyAsync(challengeId, code, rememberDevice: false, cancellationToken);

    /// <summary>
    /// Checks what the user typed (<c>POST /api/otp/verify</c>) and, with <paramref name="rememberDevice"/>, asks for a device
    /// token (<see cref="VerifyResult.DeviceToken"/>) that lets later sends skip the step on this device. Never retried.
    /// </summary>
    /// <param name="challengeId">The challenge id the send returned.</param>
    /// <param name="code">What the user typed.</param>
    /// <param name="rememberDevice">The user ticked "remember this device" (the service gives a token only when its tenant has trusted devices on).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The outcome; only <see cref="VerifyResult.IsVerified"/> authenticates.</returns>
    /// <exception cref="SmsOtpProblemException">E.g. <see cref="ProblemCodes.ChallengeNotFound"/> (404).</exception>
    /// <exception cref="SmsOtpTransportException">The service did not answer; the code may or may not have been checked.</exception>
    public Task<VerifyResult> VerifyAsync(string challengeId, string code, bool rememberDevice, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(challengeId);
        ArgumentException.ThrowIfNullOrEmpty(code);
        var body = new VerifyBody(challengeId, code) { RememberDevice = rememberDevice ? true : null };
        return CallAsync(Post("otp/verify", body, SmsOtpJsonContext.Default.VerifyBody), Retry.Never, null,
            SmsOtpJsonContext.Default.VerifyResult, cancellationToken);
    }

    /// <summary>Sends a new code for the challenge; the old one stops working (<c>POST /api/otp/resend</c>).</summary>
    /// <param name="challengeId">The challenge id the send returned.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>Always <see cref="SendStatus.Sent"/>, with the new expiry and resend times.</returns>
    /// <exception cref="SmsOtpProblemException">E.g. <see cref="ProblemCodes.ResendTooSoon"/> (429, with <see cref="SmsOtpProblemException.RetryAfter"/>), <see cref="ProblemCodes.ResendLimitReached"/> (429), <see cref="ProblemCodes.ChallengeState"/> (409).</exception>
    /// <exception cref="SmsOtpTransportException">The service did not answer (after retries).</exception>
    public Task<SendResult> ResendAsync(string challengeId, CancellationToken cancellationToken = default) =>
        ResendAsync(new ResendRequest(challengeId), cancellationToken);

    /// <summary>Sends a new code for the challenge; the old one stops working (<c>POST /api/otp/resend</c>).</summary>
    /// <param name="request">The resend.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>Always <see cref="SendStatus.Sent"/>, with the new expiry and resend times.</returns>
    /// <exception cref="SmsOtpProblemException">E.g. <see cref="ProblemCodes.ResendTooSoon"/> (429, with <see cref="SmsOtpProblemException.RetryAfter"/>), <see cref="ProblemCodes.ResendLimitReached"/> (429), <see cref="ProblemCodes.ChallengeState"/> (409).</exception>
    /// <exception cref="SmsOtpTransportException">The service did not answer (after retries).</exception>
    public Task<SendResult> ResendAsync(ResendRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrEmpty(request.ChallengeId, nameof(request.ChallengeId));
        var key = IdempotencyKeys.OrNew(request.IdempotencyKey, nameof(request.IdempotencyKey));
        return CallAsync(Post("otp/resend", new ResendBody(request.ChallengeId, request.ClientIp), SmsOtpJsonContext.Default.ResendBody),
            Retry.Idempotent, key, SmsOtpJsonContext.Default.SendResult, cancellationToken);
    }

    /// <summary>Reads a challenge's state and delivery status (<c>GET /api/otp/status</c>); never counts as an attempt.</summary>
    /// <param name="challengeId">The challenge id the send returned.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The status.</returns>
    /// <exception cref="SmsOtpProblemException">E.g. <see cref="ProblemCodes.ChallengeNotFound"/> (404).</exception>
    /// <exception cref="SmsOtpTransportException">The service did not answer (after retries).</exception>
    public Task<ChallengeStatus> GetStatusAsync(string challengeId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(challengeId);
        return CallAsync(new HttpRequestMessage(HttpMethod.Get, "otp/status?challengeId=" + Uri.EscapeDataString(challengeId)),
            Retry.Idempotent, null, SmsOtpJsonContext.Default.ChallengeStatus, cancellationToken);
    }

    /// <summary>
    /// Redeems the one-time <c>result</c> the hosted pages put on the return URL (<c>POST /api/otp/result</c>), server
    /// side. Never retried: the first redemption consumes the result, so a retry after a lost answer could only
    /// answer <see cref="ProblemCodes.ResultNotFound"/>.
    /// </summary>
    /// <param name="result">The <c>result</c> query parameter the browser brought back.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The <see cref="VerifyStatus.Verified"/> answer of the page's verification.</returns>
    /// <exception cref="SmsOtpProblemException"><see cref="ProblemCodes.ResultNotFound"/> (404): unknown, expired or already redeemed.</exception>
    /// <exception cref="SmsOtpTransportException">The service did not answer.</exception>
    public Task<VerifyResult> RedeemResultAsync(string result, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(result);
        return CallAsync(Post("otp/result", new ResultBody(result), SmsOtpJsonContext.Default.ResultBody), Retry.Never, null,
            SmsOtpJsonContext.Default.VerifyResult, cancellationToken);
    }

    // ---- User profiles ----

    /// <summary>Reads a user's profile (<c>GET /api/users</c>).</summary>
    /// <param name="tenant">The tenant; null for <c>default</c>.</param>
    /// <param name="userId">The user id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The profile.</returns>
    /// <exception cref="SmsOtpProblemException"><see cref="ProblemCodes.UserNotFound"/> (404) when there is no profile.</exception>
    /// <exception cref="SmsOtpTransportException">The service did not answer (after retries).</exception>
    public Task<UserProfile> GetUserAsync(string? tenant, string userId, CancellationToken cancellationToken = default) =>
        CallAsync(new HttpRequestMessage(HttpMethod.Get, UserRoute("users", tenant, userId)), Retry.Idempotent, null,
            SmsOtpJsonContext.Default.UserProfile, cancellationToken);

    /// <summary>Creates or changes a user's profile: set or remove the number, opt out or back in (<c>PUT /api/users</c>).</summary>
    /// <param name="tenant">The tenant; null for <c>default</c>.</param>
    /// <param name="userId">The user id.</param>
    /// <param name="update">What to change; what it leaves unset stays as it is.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The profile after the change.</returns>
    /// <exception cref="SmsOtpProblemException">E.g. <see cref="ProblemCodes.InvalidMobile"/> (400), <see cref="ProblemCodes.OptOutNotAllowed"/> (409).</exception>
    /// <exception cref="SmsOtpTransportException">The service did not answer (after retries).</exception>
    public Task<UserProfile> PutUserAsync(string? tenant, string userId, UserUpdate update, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(update);
        if (update.RemoveMobile && update.Mobile is not null)
        {
            throw new ArgumentException("A UserUpdate either sets Mobile or has RemoveMobile, not both.", nameof(update));
        }

        var route = UserRoute("users", tenant, userId);
        var request = update.RemoveMobile
            ? Put(route, new ProfileRemoveMobileBody(update.SmsOtpDisabled), SmsOtpJsonContext.Default.ProfileRemoveMobileBody)
            : Put(route, new ProfileUpdateBody(update.Mobile, update.SmsOtpDisabled), SmsOtpJsonContext.Default.ProfileUpdateBody);
        return CallAsync(request, Retry.Idempotent, null, SmsOtpJsonContext.Default.UserProfile, cancellationToken);
    }

    /// <summary>Erases a user's profile and every challenge of the user (<c>DELETE /api/users</c>); succeeds also when there was none.</summary>
    /// <param name="tenant">The tenant; null for <c>default</c>.</param>
    /// <param name="userId">The user id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the user is erased.</returns>
    /// <exception cref="SmsOtpProblemException">E.g. <see cref="ProblemCodes.ValidationFailed"/> (400).</exception>
    /// <exception cref="SmsOtpTransportException">The service did not answer (after retries).</exception>
    public Task DeleteUserAsync(string? tenant, string userId, CancellationToken cancellationToken = default) =>
        CallAsync<object>(new HttpRequestMessage(HttpMethod.Delete, UserRoute("users", tenant, userId)), Retry.Idempotent, null,
            null, cancellationToken);

    /// <summary>
    /// Generates a new set of backup codes, replacing the old set (<c>POST /api/users/backup-codes</c>). Show them once.
    /// Never retried: each call makes and stores a different set, so a retry is a second generation, not a repeat.
    /// </summary>
    /// <param name="tenant">The tenant; null for <c>default</c>.</param>
    /// <param name="userId">The user id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The new codes.</returns>
    /// <exception cref="SmsOtpProblemException">E.g. <see cref="ProblemCodes.UserNotFound"/> (404), <see cref="ProblemCodes.BackupCodesDisabled"/> (409).</exception>
    /// <exception cref="SmsOtpTransportException">The service did not answer; whether a new set replaced the old one is unknown.</exception>
    public Task<BackupCodes> GenerateBackupCodesAsync(string? tenant, string userId, CancellationToken cancellationToken = default) =>
        CallAsync(new HttpRequestMessage(HttpMethod.Post, UserRoute("users/backup-codes", tenant, userId)), Retry.Never, null,
            SmsOtpJsonContext.Default.BackupCodes, cancellationToken);

    /// <summary>Imports backup codes, replacing the user's set (<c>PUT /api/users/backup-codes</c>): a migration from WSO2.</summary>
    /// <param name="tenant">The tenant; null for <c>default</c>.</param>
    /// <param name="userId">The user id.</param>
    /// <param name="codes">At most 100 codes, 4 to 32 letters or digits each.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The profile after the import.</returns>
    /// <exception cref="SmsOtpProblemException">E.g. <see cref="ProblemCodes.ValidationFailed"/> (400), <see cref="ProblemCodes.UserNotFound"/> (404).</exception>
    /// <exception cref="SmsOtpTransportException">The service did not answer (after retries).</exception>
    public Task<UserProfile> ImportBackupCodesAsync(string? tenant, string userId, IEnumerable<string> codes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(codes);
        return CallAsync(Put(UserRoute("users/backup-codes", tenant, userId), new BackupCodesListBody([.. codes]), SmsOtpJsonContext.Default.BackupCodesListBody),
            Retry.Idempotent, null, SmsOtpJsonContext.Default.UserProfile, cancellationToken);
    }

    /// <summary>Imports backup codes from WSO2's comma-separated claim value as it is (<c>PUT /api/users/backup-codes</c>).</summary>
    /// <param name="tenant">The tenant; null for <c>default</c>.</param>
    /// <param name="userId">The user id.</param>
    /// <param name="wso2ClaimValue">The claim value, e.g. <c>12345678,87654321</c>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The profile after the import.</returns>
    /// <exception cref="SmsOtpProblemException">E.g. <see cref="ProblemCodes.ValidationFailed"/> (400), <see cref="ProblemCodes.UserNotFound"/> (404).</exception>
    /// <exception cref="SmsOtpTransportException">The service did not answer (after retries).</exception>
    public Task<UserProfile> ImportBackupCodesAsync(string? tenant, string userId, string wso2ClaimValue, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(wso2ClaimValue);
        return CallAsync(Put(UserRoute("users/backup-codes", tenant, userId), new BackupCodesClaimBody(wso2ClaimValue), SmsOtpJsonContext.Default.BackupCodesClaimBody),
            Retry.Idempotent, null, SmsOtpJsonContext.Default.UserProfile, cancellationToken);
    }

    /// <summary>
    /// Clears a user's lock and failure count (<c>POST /api/users/unlock</c>). Never retried: it is an operator's
    /// decision taken once, and a late repeat could clear a new lock earned after the first unlock.
    /// </summary>
    /// <param name="tenant">The tenant; null for <c>default</c>.</param>
    /// <param name="userId">The user id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The profile after the unlock.</returns>
    /// <exception cref="SmsOtpProblemException">E.g. <see cref="ProblemCodes.UserNotFound"/> (404).</exception>
    /// <exception cref="SmsOtpTransportException">The service did not answer.</exception>
    public Task<UserProfile> UnlockAsync(string? tenant, string userId, CancellationToken cancellationToken = default) =>
        CallAsync(new HttpRequestMessage(HttpMethod.Post, UserRoute("users/unlock", tenant, userId)), Retry.Never, null,
            SmsOtpJsonContext.Default.UserProfile, cancellationToken);

    /// <summary>
    /// Forgets every remembered device of a user (<c>DELETE /api/users/devices</c>): their next sign-in sends an SMS again.
    /// Succeeds also when there was none; safe to retry.
    /// </summary>
    /// <param name="tenant">The tenant; null for <c>default</c>.</param>
    /// <param name="userId">The user id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the devices are forgotten.</returns>
    /// <exception cref="SmsOtpProblemException">E.g. <see cref="ProblemCodes.ValidationFailed"/> (400).</exception>
    /// <exception cref="SmsOtpTransportException">The service did not answer (after retries).</exception>
    public Task RevokeDevicesAsync(string? tenant, string userId, CancellationToken cancellationToken = default) =>
        CallAsync<object>(new HttpRequestMessage(HttpMethod.Delete, UserRoute("users/devices", tenant, userId)), Retry.Idempotent, null,
            null, cancellationToken);

    // ---- Operations ----

    /// <summary>
    /// Asks the health probe (<c>GET /api/health</c>): healthy (200) or unhealthy (503), both as a report. Not retried:
    /// a probe reports what it sees now.
    /// </summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The report.</returns>
    /// <exception cref="SmsOtpProblemException">The service answered a problem instead (e.g. 500).</exception>
    /// <exception cref="SmsOtpTransportException">The service did not answer.</exception>
    public async Task<HealthReport> GetHealthAsync(CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "health");
        request.Options.Set(SmsOtpResilience.RetryableKey, false);
        using var response = await SendRawAsync(request, null, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode is HttpStatusCode.OK or HttpStatusCode.ServiceUnavailable
            && response.Content.Headers.ContentType?.MediaType == "application/json")
        {
            return await ResponseReader.ReadAsync(response, SmsOtpJsonContext.Default.HealthReport, null, cancellationToken).ConfigureAwait(false);
        }

        throw await ResponseReader.FailureAsync(response, _time, null, cancellationToken).ConfigureAwait(false);
    }

    // ---- Plumbing ----

    private enum Retry
    {
        Never,
        Idempotent,
    }

    private static HttpRequestMessage Post<T>(string route, T body, JsonTypeInfo<T> typeInfo) =>
        new(HttpMethod.Post, route) { Content = JsonContent.Create(body, typeInfo) };

    private static HttpRequestMessage Put<T>(string route, T body, JsonTypeInfo<T> typeInfo) =>
        new(HttpMethod.Put, route) { Content = JsonContent.Create(body, typeInfo) };

    private static string UserRoute(string path, string? tenant, string userId)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        var query = "userId=" + Uri.EscapeDataString(userId);
        return tenant is null ? $"{path}?{query}" : $"{path}?tenant={Uri.EscapeDataString(tenant)}&{query}";
    }

    private async Task<T> CallAsync<T>(HttpRequestMessage request, Retry retry, string? idempotencyKey, JsonTypeInfo<T>? result,
        CancellationToken cancellationToken)
    {
        using (request)
        {
            // The key is on the message, and the resilience handler re-sends this message: every retry carries it.
            if (idempotencyKey is not null)
            {
                request.Headers.Add(IdempotencyKeyHeader, idempotencyKey);
            }

            request.Options.Set(SmsOtpResilience.RetryableKey, retry == Retry.Idempotent);
            using var response = await SendRawAsync(request, idempotencyKey, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw await ResponseReader.FailureAsync(response, _time, idempotencyKey, cancellationToken).ConfigureAwait(false);
            }

            return result is null ? default! : await ResponseReader.ReadAsync(response, result, idempotencyKey, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<HttpResponseMessage> SendRawAsync(HttpRequestMessage request, string? idempotencyKey, CancellationToken cancellationToken)
    {
        try
        {
            return await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutRejectedException e)
        {
            throw new SmsOtpTransportException(
                $"The SMS OTP service did not answer {request.Method} {Route(request)} in time ({e.Timeout}).", isTimeout: true,
                idempotencyKey: idempotencyKey, innerException: e);
        }
        catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            // HttpClient.Timeout, when the app set one on a client of its own.
            throw new SmsOtpTransportException(
                $"The SMS OTP service did not answer {request.Method} {Route(request)} in time.", isTimeout: true,
                idempotencyKey: idempotencyKey, innerException: e);
        }
        catch (HttpRequestException e)
        {
            throw new SmsOtpTransportException(
                $"The SMS OTP service could not be reached for {request.Method} {Route(request)}: {e.Message}",
                e.StatusCode is { } s ? (int)s : null, idempotencyKey: idempotencyKey, innerException: e);
        }
    }

    /// <summary>The route without its query: user ids and challenge ids stay out of exception messages.</summary>
    private static string Route(HttpRequestMessage request) =>
        request.RequestUri is { } uri ? (uri.IsAbsoluteUri ? uri.AbsolutePath : uri.OriginalString.Split('?')[0]) : "";
}
