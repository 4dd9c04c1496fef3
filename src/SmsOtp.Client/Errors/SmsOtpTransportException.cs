namespace SmsOtp.Client;

/// <summary>
/// The call did not get an answer of the API: the service could not be reached, the call timed out, or the answer
/// was not the API's (an error without a problem body, such as a gateway's 502 page or the Azure platform's bare
/// 401, or a body the client cannot read). Idempotent calls were retried first (see the package README).
/// </summary>
public sealed class SmsOtpTransportException : SmsOtpException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="statusCode">The HTTP status code, when there was a response.</param>
    /// <param name="isTimeout">Whether an attempt or the whole call timed out.</param>
    /// <param name="idempotencyKey">The <c>Idempotency-Key</c> the call sent, if any.</param>
    /// <param name="innerException">The cause, if any.</param>
    public SmsOtpTransportException(string message, int? statusCode = null, bool isTimeout = false,
        string? idempotencyKey = null, Exception? innerException = null)
        : base(message, idempotencyKey, innerException)
    {
        StatusCode = statusCode;
        IsTimeout = isTimeout;
    }

    /// <summary>The HTTP status code of the answer, or null when there was none (a network failure or a timeout).</summary>
    public int? StatusCode { get; }

    /// <summary>True when an attempt or the whole call timed out (<see cref="SmsOtpClientOptions.AttemptTimeout"/>, <see cref="SmsOtpClientOptions.TotalTimeout"/>).</summary>
    public bool IsTimeout { get; }
}
