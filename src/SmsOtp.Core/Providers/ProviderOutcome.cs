namespace SmsOtp.Core.Providers;

public enum ProviderOutcome
{
    /// <summary>The provider took the message.</summary>
    Accepted,

    /// <summary>A definite refusal (4xx, unexpected status, a failure body): try the next provider.</summary>
    Rejected,

    /// <summary>No definite answer (connect error, timeout, 429, 5xx): retry, then fail over.</summary>
    Transient,
}
