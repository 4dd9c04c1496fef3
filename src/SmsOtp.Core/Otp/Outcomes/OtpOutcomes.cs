namespace SmsOtp.Core.Otp.Outcomes;

/// <summary>
/// Records each outcome of the OTP step once: its log line, its audit line and its metric, so a use case
/// says what happened and never writes the three by hand (the habit of IdentityServer's events).
/// </summary>
public sealed class OtpOutcomes(AuditLog audit, ILogger<OtpService> logger)
{
    /// <summary>The logger of the OTP flow (its category is <see cref="OtpService"/>'s, as before the split).</summary>
    public ILogger Logger => logger;

    /// <summary>One answer of send, mobile or resend.</summary>
    internal void Send(SendOutcome outcome)
    {
        var masked = MobileMask.Mask(outcome.Mobile);
        if (outcome.UserKey is { } userKey)
        {
            switch (outcome.Outcome)
            {
                case ProblemCodes.AccountLocked:
                    OtpLog.SendRefusedLocked(logger, userKey);
                    break;
                case ProblemCodes.DestinationSuspended:
                    OtpLog.DestinationRefused(logger, userKey, outcome.Detail!, outcome.Destination!);
                    break;
                case ProblemCodes.RateLimited:
                    OtpLog.RateLimited(logger, userKey, outcome.Detail!, masked);
                    break;
                case OtpStatuses.Sent when !outcome.TestNumber:
                    OtpLog.CodeQueued(logger, userKey, masked, outcome.CodeVersion);
                    break;
            }

            var detail = outcome.TestNumber ? TestNumberList.Marker : outcome.Detail;
            audit.Send(outcome.Tenant, userKey, outcome.Operation, outcome.Outcome, masked, outcome.NumberKey, detail);
        }

        SmsOtpTelemetry.RecordSend(outcome.Operation, outcome.Tenant, outcome.Outcome, outcome.Mobile, outcome.TestNumber);
    }

    /// <summary>A send-path answer that is only counted (no row to audit, or nothing refused about a number).</summary>
    public void Count(string operation, string tenant, string outcome, string? mobile = null) =>
        Send(new SendOutcome(operation, tenant, outcome, mobile));

    /// <summary>A send the fraud guard would refuse in enforce mode, let through in monitor mode.</summary>
    public void Monitored(string tenant, string userKey, string operation, string reason, string maskedMobile) =>
        audit.FraudGuardMonitored(tenant, userKey, operation, reason, maskedMobile);

    /// <summary>A verification written (each write of one, should its answer be lost and read again).</summary>
    public void Verified(string userKey, string method) => OtpLog.Verified(logger, userKey, method);

    /// <summary>A wrong code: the attempts left, or the lock it brought.</summary>
    public void Failed(string tenant, string userKey, int attemptsRemaining, DateTimeOffset? lockedUntil, string maskedMobile)
    {
        if (lockedUntil is { } until)
        {
            OtpLog.Locked(logger, userKey, until);
            audit.Locked(tenant, userKey, until, maskedMobile);
            return;
        }

        OtpLog.InvalidCode(logger, userKey, attemptsRemaining);
    }

    /// <summary>The answer of one verify call that found its challenge.</summary>
    public void Verify(string tenant, string userKey, VerifyResponse result, string maskedMobile)
    {
        audit.Verify(tenant, userKey, result.Status, result.Method, maskedMobile);
        SmsOtpTelemetry.RecordVerify(tenant, result.Status, result.Method);
    }
}

/// <summary>
/// One answer of send, mobile or resend, as <see cref="OtpOutcomes"/> records it: always counted; audited when
/// <see cref="UserKey"/> is set (a refusal or a code sent for a known row).
/// </summary>
/// <param name="Outcome">An <see cref="OtpStatuses"/> status or a problem code.</param>
/// <param name="Mobile">The E.164 number involved: its calling code tags the metric, its mask the audit line.</param>
internal sealed record SendOutcome(string Operation, string Tenant, string Outcome, string? Mobile)
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
