namespace SmsOtp.Core.Otp.Outcomes;

/// <summary>
/// The OTP flow's log lines, in one place so their event ids stay in the Otp range wherever the use case lives
/// (the receipts' reroute writes two). They log under the <see cref="OtpService"/> category, as they always did.
/// </summary>
public static partial class OtpLog
{
    [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "Code v{CodeVersion} queued for user {UserKey} to {MaskedMobile}")]
    public static partial void CodeQueued(ILogger logger, string userKey, string maskedMobile, int codeVersion);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Information, Message = "User {UserKey} verified by {Method}")]
    public static partial void Verified(ILogger logger, string userKey, string method);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Information, Message = "Invalid code for user {UserKey}; {AttemptsRemaining} attempts remain")]
    public static partial void InvalidCode(ILogger logger, string userKey, int attemptsRemaining);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Warning, Message = "User {UserKey} locked until {LockedUntil}")]
    public static partial void Locked(ILogger logger, string userKey, DateTimeOffset lockedUntil);

    [LoggerMessage(EventId = 2005, Level = LogLevel.Information, Message = "Send refused: user {UserKey} is locked")]
    public static partial void SendRefusedLocked(ILogger logger, string userKey);

    [LoggerMessage(EventId = 2006, Level = LogLevel.Warning, Message = "Send refused for user {UserKey} to {MaskedMobile}: {Limit} rate limit reached")]
    public static partial void RateLimited(ILogger logger, string userKey, string limit, string maskedMobile);

    [LoggerMessage(EventId = 2007, Level = LogLevel.Information, Message = "Result redeemed for user {UserKey}")]
    public static partial void ResultRedeemed(ILogger logger, string userKey);

    [LoggerMessage(EventId = 2008, Level = LogLevel.Warning, Message = "Result token refused (unknown, expired or already redeemed)")]
    public static partial void ResultRefused(ILogger logger);

    [LoggerMessage(EventId = 2009, Level = LogLevel.Information, Message = "Receipt for user {UserKey} v{CodeVersion} from {Provider}: {Status}")]
    public static partial void Receipt(ILogger logger, string userKey, int codeVersion, string provider, string status);

    [LoggerMessage(EventId = 2010, Level = LogLevel.Warning, Message = "Code for user {UserKey} not delivered by {Provider}: a fresh code goes through the next provider")]
    public static partial void Rerouted(ILogger logger, string userKey, string provider);

    [LoggerMessage(EventId = 2011, Level = LogLevel.Information,
        Message = "Send refused for user {UserKey} by the fraud guard ({Reason}, destination {Destination})")]
    public static partial void DestinationRefused(ILogger logger, string userKey, string reason, string destination);
}
