namespace SmsOtp.Core.Audit;

/// <summary>
/// Audit events (log category <c>SmsOtp.Audit</c>, stable event ids 9001 to 9008): each send, verify attempt,
/// lock, unlock, opt-out change and profile change, with the tenant, a pseudonymous user key (the row's
/// PartitionKey, a hash of tenant and user id), the masked number, a keyed number pseudonym where a number
/// is involved (so sends to one number can be counted across users) and the outcome. Never a code or a
/// full number. Operators count sends against verifications from these (docs/security.md).
/// </summary>
public sealed partial class AuditLog(ILoggerFactory loggerFactory)
{
    public const string Category = "SmsOtp.Audit";

    private readonly ILogger _logger = loggerFactory.CreateLogger(Category);

    /// <summary>A send, mobile submission or resend: <paramref name="outcome"/> is <c>sent</c> or the refusal's code.</summary>
    public void Send(string tenant, string userKey, string operation, string outcome, string maskedMobile, string numberKey, string? limit = null) =>
        LogSend(_logger, tenant, userKey, operation, outcome, maskedMobile, numberKey, limit ?? string.Empty);

    public void Verify(string tenant, string userKey, string outcome, string? method, string maskedMobile) =>
        LogVerify(_logger, tenant, userKey, outcome, method ?? string.Empty, maskedMobile);

    public void Locked(string tenant, string userKey, DateTimeOffset lockedUntil, string maskedMobile) =>
        LogLocked(_logger, tenant, userKey, "locked", lockedUntil, maskedMobile);

    public void Unlocked(string tenant, string userKey) => LogUnlocked(_logger, tenant, userKey, "unlocked");

    public void OptOutChanged(string tenant, string userKey, bool disabled) =>
        LogOptOut(_logger, tenant, userKey, disabled ? "opted_out" : "opted_in");

    /// <summary><paramref name="outcome"/>: <c>created</c>, <c>updated</c>, <c>erased</c> or <c>backup_codes_replaced</c>.</summary>
    public void ProfileChanged(string tenant, string userKey, string outcome, string maskedMobile, bool mobileChanged) =>
        LogProfile(_logger, tenant, userKey, outcome, maskedMobile, mobileChanged);

    /// <summary>
    /// The fraud guard suspended a destination (spec §9), or in monitor mode would have: <paramref name="outcome"/> is
    /// <c>suspended</c> or <c>monitored</c>. A destination's, not a user's: tenant and user key stay empty, and the event
    /// holds the prefix only (never with a masked number, which together would tell too many digits).
    /// </summary>
    public void DestinationSuspended(string destination, string outcome, DateTimeOffset until, int repeat, int sent, int verified) =>
        LogDestinationSuspended(_logger, string.Empty, string.Empty, outcome, destination, until, repeat, sent, verified);

    /// <summary>Monitor mode: a send, mobile submission or resend the guard let through but would have refused (<paramref name="reason"/>: <c>destination</c>, <c>cap</c>).</summary>
    public void FraudGuardMonitored(string tenant, string userKey, string operation, string reason, string maskedMobile) =>
        LogMonitored(_logger, tenant, userKey, operation, "would_refuse", reason, maskedMobile);

    [LoggerMessage(EventId = 9001, EventName = "OtpSend", Level = LogLevel.Information,
        Message = "Audit send: tenant {Tenant} user {UserKey} {Operation} -> {Outcome} to {MaskedMobile} (number {NumberKey}) {Limit}")]
    private static partial void LogSend(ILogger logger, string tenant, string userKey, string operation, string outcome, string maskedMobile, string numberKey, string limit);

    [LoggerMessage(EventId = 9002, EventName = "OtpVerify", Level = LogLevel.Information,
        Message = "Audit verify: tenant {Tenant} user {UserKey} -> {Outcome} {Method} ({MaskedMobile})")]
    private static partial void LogVerify(ILogger logger, string tenant, string userKey, string outcome, string method, string maskedMobile);

    [LoggerMessage(EventId = 9003, EventName = "AccountLocked", Level = LogLevel.Warning,
        Message = "Audit lock: tenant {Tenant} user {UserKey} -> {Outcome} until {LockedUntil} ({MaskedMobile})")]
    private static partial void LogLocked(ILogger logger, string tenant, string userKey, string outcome, DateTimeOffset lockedUntil, string maskedMobile);

    [LoggerMessage(EventId = 9004, EventName = "AccountUnlocked", Level = LogLevel.Information,
        Message = "Audit unlock: tenant {Tenant} user {UserKey} -> {Outcome}")]
    private static partial void LogUnlocked(ILogger logger, string tenant, string userKey, string outcome);

    [LoggerMessage(EventId = 9005, EventName = "OptOutChanged", Level = LogLevel.Information,
        Message = "Audit opt-out: tenant {Tenant} user {UserKey} -> {Outcome}")]
    private static partial void LogOptOut(ILogger logger, string tenant, string userKey, string outcome);

    [LoggerMessage(EventId = 9006, EventName = "ProfileChanged", Level = LogLevel.Information,
        Message = "Audit profile: tenant {Tenant} user {UserKey} -> {Outcome}, mobile {MaskedMobile} (changed {MobileChanged})")]
    private static partial void LogProfile(ILogger logger, string tenant, string userKey, string outcome, string maskedMobile, bool mobileChanged);

    [LoggerMessage(EventId = 9007, EventName = "DestinationSuspended", Level = LogLevel.Warning,
        Message = "Audit fraud guard: tenant {Tenant} user {UserKey} -> {Outcome} destination {Destination} until {Until} (suspension {Repeat} in a row; {Sent} sent, {Verified} verified)")]
    private static partial void LogDestinationSuspended(ILogger logger, string tenant, string userKey, string outcome, string destination, DateTimeOffset until,
        int repeat, int sent, int verified);

    [LoggerMessage(EventId = 9008, EventName = "FraudGuardMonitored", Level = LogLevel.Information,
        Message = "Audit fraud guard: tenant {Tenant} user {UserKey} {Operation} -> {Outcome} ({Reason}) to {MaskedMobile}")]
    private static partial void LogMonitored(ILogger logger, string tenant, string userKey, string operation, string outcome, string reason, string maskedMobile);
}
