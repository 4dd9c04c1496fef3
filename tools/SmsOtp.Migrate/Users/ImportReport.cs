using System.Globalization;
using System.Text;
using Spectre.Console;

namespace SmsOtp.Migrate.Users;

/// <summary>
/// The end of a <c>users</c> run: the summary (imported, skipped with the reason, failed with the reason),
/// the rejection report (user id and reason for every row not fully imported) and, with <c>--report</c>, the
/// same as CSV. Rows carry no number and no code, so neither can appear here.
/// </summary>
public static class ImportReport
{
    private static readonly string[] ReportedNotes = ["opt_out_not_applied", "backup_codes_not_restored", "backup_codes_disabled"];

    public static void Render(IAnsiConsole console, IReadOnlyList<RowResult> results, IReadOnlyList<ImportRow> rows, string target, bool dryRun)
    {
        console.WriteLine(dryRun ? $"Dry run against {target}: nothing was written; 'imported' counts the users that would be." : $"Imported into {target}.");
        var summary = new Table().AddColumn("Outcome").AddColumn(new TableColumn("Users").RightAligned());
        void Row(string label, int count) => summary.AddRow(Markup.Escape(label), count.ToString(CultureInfo.InvariantCulture));

        Row("imported (new profile)", results.Count(r => r.Outcome == RowOutcome.Created));
        Row("imported (existing profile updated)", results.Count(r => r.Outcome == RowOutcome.Updated));
        foreach (var group in results.Where(r => r.Outcome == RowOutcome.Skipped).GroupBy(r => r.Reason!).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            Row("skipped: " + group.Key, group.Count());
        }

        foreach (var group in results.Where(r => r.Outcome == RowOutcome.Failed).GroupBy(r => r.Reason!).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            Row("failed: " + group.Key, group.Count());
        }

        console.Write(summary);

        var imported = results.Where(r => r.Outcome is RowOutcome.Created or RowOutcome.Updated).Select(r => r.UserId).ToHashSet(StringComparer.Ordinal);
        var examples = rows.Where(r => imported.Contains(r.UserId)).Select(r => MaskedId(r.UserId)).Take(3).ToList();
        if (examples.Count > 0)
        {
            // The one mistake that silently removes the second factor is an app sending ids in another form.
            console.WriteLine($"User ids {(dryRun ? "to import" : "imported")}, e.g. {string.Join(", ", examples)}: your app must send exactly these ids as userId "
                + "(--primary-domain add|strip changes the form).");
        }

        var done = rows.Where(r => imported.Contains(r.UserId)).ToList();
        console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Of the imported: {done.Count(r => r.Mobile is not null)} with a mobile, {done.Count(r => r.Mobile is null)} without, {done.Count(r => r.SmsOtpDisabled == true)} opted out; "
            + $"backup codes imported for {Noted("backup_codes_imported")}, kept for {Noted("backup_codes_kept")}, not restored for {Noted("backup_codes_not_restored")}."));

        var report = Rejections(results).ToList();
        if (report.Count == 0)
        {
            return;
        }

        var table = new Table().Title("Rejection report").AddColumn("User").AddColumn("Row").AddColumn("Outcome").AddColumn("Reason");
        foreach (var r in report)
        {
            table.AddRow(Markup.Escape(r.UserId ?? "(none)"), Markup.Escape(r.Source), r.Outcome.ToString().ToLowerInvariant(),
                Markup.Escape(string.Join(", ", new[] { r.Reason }.Concat(r.Notes.Where(ReportedNotes.Contains)).Where(x => x is not null))));
        }

        console.Write(table);
        foreach (var code in report.SelectMany(r => new[] { r.Reason }.Concat(r.Notes)).Where(c => c is not null).Distinct().Order(StringComparer.Ordinal))
        {
            console.WriteLine($"  {code}: {ReasonTexts.Describe(code!)}");
        }

        int Noted(string note) => results.Count(r => r.Notes.Contains(note));
    }

    /// <summary>An id that is an e-mail address shows its first character and domain only; other ids are names, shown as they are.</summary>
    public static string MaskedId(string id)
    {
        var at = id.LastIndexOf('@');
        return at > 0 ? string.Concat(id.AsSpan(0, 1), "***", id.AsSpan(at)) : id;
    }

    /// <summary>Skipped and failed rows, and imported rows with a part left out that the operator should know of.</summary>
    public static IEnumerable<RowResult> Rejections(IEnumerable<RowResult> results) =>
        results.Where(r => r.Outcome is RowOutcome.Skipped or RowOutcome.Failed || r.Notes.Any(ReportedNotes.Contains));

    public static async Task WriteCsvAsync(string path, IEnumerable<RowResult> results, CancellationToken ct)
    {
        var csv = new StringBuilder("user_id,row,outcome,reason,notes\n");
        foreach (var r in Rejections(results))
        {
            csv.Append(Csv(r.UserId ?? "")).Append(',').Append(Csv(r.Source)).Append(',').Append(r.Outcome.ToString().ToLowerInvariant())
                .Append(',').Append(Csv(r.Reason ?? "")).Append(',').Append(Csv(string.Join(' ', r.Notes))).Append('\n');
        }

        await File.WriteAllTextAsync(path, csv.ToString(), ct).ConfigureAwait(false);
    }

    /// <summary>RFC 4180 quoting; a leading = + - @ is prefixed so a spreadsheet does not run it as a formula.</summary>
    private static string Csv(string value)
    {
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@')
        {
            value = "'" + value;
        }

        return value.Any(c => c is ',' or '"' or '\n' or '\r') ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }
}
