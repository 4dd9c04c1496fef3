namespace SmsOtp.Migrate.Users;

/// <summary>The rows to import and the rows refused before any call (invalid data, duplicates).</summary>
public sealed record ImportPlan(IReadOnlyList<ImportRow> Rows, IReadOnlyList<RowResult> Rejected);
