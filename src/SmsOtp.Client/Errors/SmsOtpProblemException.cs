using System.Net;

namespace SmsOtp.Client;

/// <summary>
/// The service answered with an RFC 9457 problem (<c>application/problem+json</c>): switch on <see cref="Code"/>
/// (one of <see cref="ProblemCodes"/>). <see cref="Detail"/> is written for people and never holds a code or a number.
/// </summary>
/// <param name="code">The problem's machine-readable <c>code</c>.</param>
/// <param name="status">The HTTP status code.</param>
/// <param name="title">The problem's <c>title</c>.</param>
/// <param name="detail">The problem's <c>detail</c>.</param>
/// <param name="type">The problem's <c>type</c> URI, if any.</param>
/// <param name="retryAfter">The <c>Retry-After</c> header, if any.</param>
/// <param name="lockedUntil">The problem's <c>lockedUntil</c>, if any.</param>
/// <param name="idempotencyKey">The <c>Idempotency-Key</c> the call sent, if any.</param>
public sealed class SmsOtpProblemException(string code, int status, string? title, string? detail, string? type = null,
    TimeSpan? retryAfter = null, DateTimeOffset? lockedUntil = null, string? idempotencyKey = null)
    : SmsOtpException(Describe(code, status, title, detail), idempotencyKey, null)
{
    /// <summary>The machine-readable problem code, e.g. <see cref="ProblemCodes.ResendTooSoon"/>.</summary>
    public string Code { get; } = code;

    /// <summary>The HTTP status code, e.g. 429.</summary>
    public int Status { get; } = status;

    /// <summary><see cref="Status"/> as an <see cref="HttpStatusCode"/>.</summary>
    public HttpStatusCode StatusCode => (HttpStatusCode)Status;

    /// <summary>A short summary of the problem type.</summary>
    public string? Title { get; } = title;

    /// <summary>What went wrong with this request, for people.</summary>
    public string? Detail { get; } = detail;

    /// <summary>The problem type URI (<c>urn:sms-otp:problem:&lt;code&gt;</c>).</summary>
    public string? Type { get; } = type;

    /// <summary>
    /// How long to wait before trying again (the <c>Retry-After</c> header), with <see cref="ProblemCodes.RateLimited"/>,
    /// <see cref="ProblemCodes.ResendTooSoon"/>, <see cref="ProblemCodes.DestinationSuspended"/> and
    /// <see cref="ProblemCodes.ServiceUnavailable"/>; null when the service did not say.
    /// </summary>
    public TimeSpan? RetryAfter { get; } = retryAfter;

    /// <summary>With <see cref="ProblemCodes.AccountLocked"/>: when the lock ends.</summary>
    public DateTimeOffset? LockedUntil { get; } = lockedUntil;

    private static string Describe(string code, int status, string? title, string? detail) =>
        $"The SMS OTP service answered {status} {code}: {(string.IsNullOrEmpty(title) ? "" : title + " ")}{detail}".TrimEnd();
}
