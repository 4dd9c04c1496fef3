using SmsOtp.Core.Problems;

namespace SmsOtp.Core.Providers;

/// <summary>
/// One provider's answer. <see cref="ErrorCode"/> is the provider's own error code or the HTTP status,
/// never the provider's message text (which may contain the number).
/// </summary>
public sealed record ProviderResult(ProviderOutcome Outcome, string? ErrorCode = null, TimeSpan? RetryAfter = null)
{
    /// <summary>The request went out and no answer came in time: the provider may have sent the SMS.</summary>
    public bool TimedOut { get; init; }

    public static ProviderResult Accepted { get; } = new(ProviderOutcome.Accepted);
}
