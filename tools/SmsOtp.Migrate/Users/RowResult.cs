namespace SmsOtp.Migrate.Users;

/// <summary>
/// What happened to one row: its user id (or its place in the export when it has none), the outcome, a
/// reason code for skipped and failed rows (<c>invalid_mobile</c>, <c>duplicate</c>, ...) and notes on parts
/// left out (<c>backup_codes_kept</c>, ...). Never a number or a code.
/// </summary>
public sealed record RowResult(string Source, string? UserId, RowOutcome Outcome, string? Reason = null, IReadOnlyList<string>? Notes = null)
{
    public IReadOnlyList<string> Notes { get; init; } = Notes ?? [];
}
