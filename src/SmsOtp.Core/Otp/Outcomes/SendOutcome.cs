namespace SmsOtp.Core.Otp.Outcomes;

/// <summary>
/// One answer of send, mobile or resend, as <see cref="OtpOutcomes"/> records it: always counted; audited when
/// <see cref="UserKey"/> is set (a refusal or a code sent for a known row).
/// </summary>
/// <param name="Outcome">An <see cref="OtpStatuses"/> status or a problem code.</param>
/// <param name="Mobile">The E.164 number involved: its calling code tags the metric, its mask the audit line.</param>
public sealed record SendOutcome(string Operation, string Tenant, string Outcome, string? Mobile)
{
    /// <summary>The row's key, for an audited outcome; null counts it only.</summary>
    public string? UserKey { get; init; }

    /// <summary>The audit's short number key (<see cref="RateLimiting.NumberKey.AuditLength"/> characters), or empty.</summary>
    public string NumberKey { get; init; } = string.Empty;

    /// <summary>The limit or the fraud guard's reason that refused, for the audit line.</summary>
    public string? Detail { get; init; }

    /// <summary>The fraud guard's destination prefix, for the log line of its refusal.</summary>
    public string? Destination { get; init; }

    /// <summary>The version of the code sent, for the log line of a sent code.</summary>
    public int CodeVersion { get; init; }

    /// <summary>A test number's code (spec §15.2): nothing was queued; the audit and the metric say <c>test_number</c>.</summary>
    public bool TestNumber { get; init; }
}
