namespace SmsOtp.Client;

/// <summary>
/// A call to the service failed. Catch <see cref="SmsOtpProblemException"/> for the service's own answers (a
/// <c>code</c> to switch on) and <see cref="SmsOtpTransportException"/> for everything else; catching this type
/// catches both.
/// </summary>
public abstract class SmsOtpException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What went wrong (never a code or a number).</param>
    /// <param name="idempotencyKey">The <c>Idempotency-Key</c> the call sent, if it sent one.</param>
    /// <param name="innerException">The cause, if any.</param>
    protected SmsOtpException(string message, string? idempotencyKey, Exception? innerException)
        : base(message, innerException)
    {
        IdempotencyKey = idempotencyKey;
    }

    /// <summary>
    /// The <c>Idempotency-Key</c> the failed send, mobile or resend carried (null for other calls). Repeat the call
    /// with this key in <see cref="SendRequest.IdempotencyKey"/> (or the mobile or resend request's) to get the
    /// first answer, if the service did handle it, instead of a second SMS.
    /// </summary>
    public string? IdempotencyKey { get; }
}
