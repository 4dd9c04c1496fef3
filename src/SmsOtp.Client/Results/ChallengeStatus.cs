namespace SmsOtp.Client;

/// <summary>A challenge's state (<c>GET /api/otp/status</c>): for a page that waits for the SMS. Reading it is never an attempt.</summary>
public sealed record ChallengeStatus
{
    /// <summary>The challenge id.</summary>
    public required string ChallengeId { get; init; }

    /// <summary>One of <see cref="ChallengeStates"/>.</summary>
    public required string State { get; init; }

    /// <summary>One of <see cref="DeliveryStatuses"/>.</summary>
    public required string DeliveryStatus { get; init; }

    /// <summary>With <see cref="DeliveryStatuses.Undelivered"/> or <see cref="DeliveryStatuses.Failed"/>: the provider's error code.</summary>
    public string? DeliveryErrorCode { get; init; }

    /// <summary>The name of the provider that accepted (or last refused) the code.</summary>
    public string? Provider { get; init; }

    /// <summary>When the current code (or the wait for a number) ends.</summary>
    public DateTimeOffset ExpiresAt { get; init; }

    /// <summary>Verification tries left.</summary>
    public int AttemptsRemaining { get; init; }

    /// <summary>Resends left.</summary>
    public int ResendsRemaining { get; init; }

    /// <summary>When a resend is first allowed.</summary>
    public DateTimeOffset ResendAvailableAt { get; init; }

    /// <summary>True while a code is out and may be verified.</summary>
    public bool IsPending => State == ChallengeStates.Pending;

    /// <summary>True when the SMS could not be delivered (<see cref="DeliveryStatuses.Undelivered"/> or <see cref="DeliveryStatuses.Failed"/>).</summary>
    public bool DeliveryFailed => DeliveryStatus is DeliveryStatuses.Undelivered or DeliveryStatuses.Failed;
}
