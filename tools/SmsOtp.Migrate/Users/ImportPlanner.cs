namespace SmsOtp.Migrate.Users;

/// <summary>
/// Validates every exported user before anything is written, so a bad row never half-imports:
/// a missing user name is skipped; an invalid id, number, opt-out value or backup code list fails the row
/// (a user imported without the number WSO2 had would be asked for a new one at login, which someone
/// holding only the password could answer). Rows naming one user twice: identical copies import once, the
/// others are skipped as <c>duplicate</c>; copies that differ all fail as <c>conflicting_duplicate</c>.
/// </summary>
public sealed class ImportPlanner(UserIds ids, PhoneNormalizer phones)
{
    public const int MinCodeLength = 4;
    public const int MaxCodeLength = 32;
    public const int MaxCodes = 100;

    public ImportPlan Plan(IEnumerable<ScimUser> users)
    {
        var rows = new List<ImportRow>();
        var rejected = new List<RowResult>();
        foreach (var user in users)
        {
            var (row, failure) = Validate(user);
            if (failure is not null)
            {
                rejected.Add(failure);
            }
            else
            {
                rows.Add(row!);
            }
        }

        var accepted = new List<ImportRow>();
        foreach (var group in rows.GroupBy(r => ids.DuplicateKey(r.UserId)))
        {
            var copies = group.ToList();
            var first = copies[0];
            if (copies.Count == 1)
            {
                accepted.Add(first);
            }
            else if (copies.All(c => Same(c, first)))
            {
                accepted.Add(first);
                rejected.AddRange(copies.Skip(1).Select(c => new RowResult(c.Source, c.UserId, RowOutcome.Skipped, "duplicate")));
            }
            else
            {
                rejected.AddRange(copies.Select(c => new RowResult(c.Source, c.UserId, RowOutcome.Failed, "conflicting_duplicate")));
            }
        }

        return new ImportPlan(accepted, rejected);
    }

    private (ImportRow? Row, RowResult? Failure) Validate(ScimUser user)
    {
        if (string.IsNullOrWhiteSpace(user.UserName))
        {
            return (null, new RowResult(user.Source, null, RowOutcome.Skipped, "missing_user_name"));
        }

        var id = ids.Normalize(user.UserName);
        if (!UserIds.IsValid(id))
        {
            return (null, new RowResult(user.Source, id.Length > 80 ? id[..80] + "..." : id, RowOutcome.Failed, "invalid_user_id"));
        }

        string? mobile = null;
        if (!string.IsNullOrWhiteSpace(user.Mobile) && (mobile = phones.Normalize(user.Mobile)) is null)
        {
            return (null, new RowResult(user.Source, id, RowOutcome.Failed, "invalid_mobile"));
        }

        bool? disabled = null;
        if (!string.IsNullOrWhiteSpace(user.Disabled))
        {
            disabled = user.Disabled.Trim().ToLowerInvariant() switch
            {
                "true" => true,
                "false" => false,
                _ => null,
            };
            if (disabled is null)
            {
                return (null, new RowResult(user.Source, id, RowOutcome.Failed, "invalid_disabled_claim"));
            }
        }

        List<string>? codes = null;
        if (!string.IsNullOrWhiteSpace(user.BackupCodes))
        {
            codes = [.. user.BackupCodes.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
            if (codes.Count > MaxCodes || codes.Any(c => c.Length is < MinCodeLength or > MaxCodeLength || !c.All(char.IsAsciiLetterOrDigit)))
            {
                return (null, new RowResult(user.Source, id, RowOutcome.Failed, "invalid_backup_codes"));
            }

            if (codes.Count == 0)
            {
                codes = null;
            }
        }

        return (new ImportRow(user.Source, id, mobile, disabled, codes), null);
    }

    private static bool Same(ImportRow a, ImportRow b) =>
        a.Mobile == b.Mobile && a.SmsOtpDisabled == b.SmsOtpDisabled
        && (a.BackupCodes ?? []).Order(StringComparer.OrdinalIgnoreCase).SequenceEqual((b.BackupCodes ?? []).Order(StringComparer.OrdinalIgnoreCase), StringComparer.OrdinalIgnoreCase);
}
