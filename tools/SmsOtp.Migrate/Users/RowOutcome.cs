namespace SmsOtp.Migrate.Users;

public enum RowOutcome
{
    /// <summary>A new profile (or, in a dry run, one that would be written).</summary>
    Created,

    /// <summary>An existing profile brought in line with the export (a re-run).</summary>
    Updated,

    /// <summary>Nothing written, on purpose (a duplicate row, a row without a user name).</summary>
    Skipped,

    /// <summary>Nothing (or not everything) written because of an error; the exit code is 1.</summary>
    Failed,
}
