namespace SmsOtp.Core.FraudGuard;

/// <summary>
/// What the guard says about one SMS about to be sent: free to go, refused (block mode) with when to retry, or
/// allowed although it would have been refused (monitor mode). An allowed SMS is already counted; a send that
/// then does not happen gives it back with <see cref="DestinationGuard.Release"/>.
/// </summary>
public sealed record GuardDecision
{
    /// <summary>The destination is suspended (its conversion rate was too low).</summary>
    public const string Destination = "destination";

    /// <summary>A spending cap (<c>MaxSmsPerHour</c>, global or the tenant's) is reached.</summary>
    public const string Cap = "cap";

    public static GuardDecision Free { get; } = new();

    /// <summary>True in block mode when <see cref="Reason"/> applies: no SMS may go.</summary>
    public bool Refused { get; init; }

    /// <summary><see cref="Destination"/> or <see cref="Cap"/> when the guard refused or (monitor mode) would have; else null.</summary>
    public string? Reason { get; init; }

    /// <summary>Monitor mode: allowed, but reported as a refusal that did not happen.</summary>
    public bool Monitored => !Refused && Reason is not null;

    public TimeSpan RetryAfter { get; init; }

    /// <summary>The destination (digit prefix) the SMS was judged under; empty when the guard is off.</summary>
    public string DestinationPrefix { get; init; } = string.Empty;

    internal CountKey[] Counted { get; init; } = [];
}
