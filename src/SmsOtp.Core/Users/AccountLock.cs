namespace SmsOtp.Core.Users;

/// <summary>
/// The account lock over the user's row (spec §3), as WSO2's account lock handler does it: consecutive
/// failed verifications across challenges reaching <c>AccountLock:MaxFailedAttempts</c> lock the user for
/// <c>DurationSeconds × DurationRatio^(locks so far)</c>; the count restarts after each lock; a success
/// resets the failures and the lock history. The one place that says whether a user is locked.
/// </summary>
public static class AccountLock
{
    /// <summary>The longest lock: a far-future end, not an overflow, however many locks came before.</summary>
    private static readonly TimeSpan MaxDuration = TimeSpan.FromDays(3650);

    /// <summary>When the lock in force at <paramref name="now"/> ends, or null when the user is not locked.</summary>
    public static DateTimeOffset? ActiveUntil(UserRecord row, DateTimeOffset now) =>
        row.LockedUntil is { } until && until > now ? until : null;

    /// <summary>Counts a failed verification on the (not yet written) row; returns the new lock's end when it locks.</summary>
    public static DateTimeOffset? RecordFailure(UserRecord row, AccountLockOptions options, DateTimeOffset now)
    {
        row.FailedAttempts++;
        if (!options.Enabled || row.FailedAttempts < options.MaxFailedAttempts)
        {
            return null;
        }

        var seconds = options.DurationSeconds * Math.Pow(options.DurationRatio, row.LockCount);
        var until = now + TimeSpan.FromSeconds(Math.Min(seconds, MaxDuration.TotalSeconds));
        row.LockedUntil = until;
        row.LockCount++;
        row.FailedAttempts = 0;
        DeviceTrust.RevokeAll(row); // spec §15.1: a lock forgets the user's remembered devices
        return until;
    }

    /// <summary>A verified login: failures and the lock history start again.</summary>
    public static void Reset(UserRecord row)
    {
        row.FailedAttempts = 0;
        row.LockCount = 0;
        row.LockedUntil = null;
    }

    /// <summary><c>POST /api/users/unlock</c>: ends the lock and the failure count; the lock history stays.</summary>
    public static void Unlock(UserRecord row)
    {
        row.LockedUntil = null;
        row.FailedAttempts = 0;
    }
}
