namespace SmsOtp.Benchmarks.Soak;

/// <summary>How the soak's SMS provider answers one request.</summary>
public enum ProviderFaultKind
{
    /// <summary>Accepts the SMS at once: 202.</summary>
    Healthy,

    /// <summary>500, nothing sent.</summary>
    Error500,

    /// <summary>503 without Retry-After, nothing sent.</summary>
    Error503,

    /// <summary>429 with a Retry-After in whole seconds, nothing sent.</summary>
    Throttle429,

    /// <summary>The connection is reset (RST) after the request was read and before any answer; nothing sent.</summary>
    ConnectionReset,

    /// <summary>Sends the SMS and answers 202 after a delay under the service's provider timeout.</summary>
    Slow,

    /// <summary>
    /// Sends the SMS and answers 202 after a delay beyond the provider timeout (the service has given up on the
    /// call by then). A code may then be sent twice by design (docs/reliability.md "No SMS storms").
    /// </summary>
    Late,
}
