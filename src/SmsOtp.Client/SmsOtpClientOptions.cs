namespace SmsOtp.Client;

/// <summary>
/// Settings of <see cref="SmsOtpClient"/>, given to
/// <see cref="Microsoft.Extensions.DependencyInjection.SmsOtpClientServiceCollectionExtensions.AddSmsOtpClient"/> and
/// validated when the host starts (or when the client is first created, without a host).
/// </summary>
public sealed class SmsOtpClientOptions
{
    /// <summary>
    /// The service's address, e.g. <c>https://func-otp.azurewebsites.net</c> or <c>http://127.0.0.1:7071</c>:
    /// absolute, <c>http</c> or <c>https</c>, without query or fragment. The client adds <c>/api/...</c>; an address
    /// that already ends in <c>/api</c> is accepted as it is. Required.
    /// </summary>
    public Uri? BaseAddress { get; set; }

    /// <summary>
    /// The Azure Functions function key, sent as <c>x-functions-key</c> on every call (and redacted from the
    /// HTTP client's logs). Locally, the local server's <c>SmsOtp:LocalApiKey</c>; null sends no key.
    /// </summary>
    public string? FunctionKey { get; set; }

    /// <summary>The longest one attempt may take (default 10 s); an attempt that takes longer is abandoned.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The longest a call may take with all its retries and their waits (default 30 s); at least
    /// <see cref="AttemptTimeout"/>.
    /// </summary>
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Retries after the first attempt of a call that may be retried (default 3; 0 turns retries off). Only
    /// idempotent calls are ever retried; verify, result redemption, backup-code generation and unlock never are.
    /// </summary>
    public int MaxRetryAttempts { get; set; } = 3;

    /// <summary>The first retry's wait when the service gives no <c>Retry-After</c> (default 0.5 s), doubled for each further one, with jitter.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// The longest <c>Retry-After</c> the client waits for by itself (default 5 s). A 429 or 503 asking for longer
    /// (a resend cooldown, a rate limit) is not retried: it is thrown at once as an
    /// <see cref="SmsOtpProblemException"/> whose <see cref="SmsOtpProblemException.RetryAfter"/> the app can show.
    /// </summary>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(5);
}
