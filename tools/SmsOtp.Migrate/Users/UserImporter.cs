using System.Collections.Concurrent;
using System.Text.Json;
using Polly.Timeout;

namespace SmsOtp.Migrate.Users;

/// <summary>
/// Imports planned rows through the API with bounded concurrency. Per user: read the profile (does it exist,
/// how many backup codes does it hold), <c>PUT /api/users</c> with the number and opt-out the export has, then
/// <c>PUT /api/users/backup-codes</c> — only for a profile this run created, unless
/// <c>--overwrite-backup-codes</c>: re-importing WSO2's set into an existing profile would give back codes
/// the user has spent since. Every call is idempotent, so a re-run converges without duplicates.
/// </summary>
public sealed class UserImporter(ServiceApi api, bool overwriteBackupCodes, int concurrency)
{
    private volatile bool _unauthorized;

    public async Task<IReadOnlyList<RowResult>> ImportAsync(IReadOnlyList<ImportRow> rows, Action onRowDone, CancellationToken ct)
    {
        var results = new ConcurrentBag<(int Index, RowResult Result)>();
        await Parallel.ForEachAsync(rows.Select((row, index) => (row, index)),
            new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = ct },
            async (item, token) =>
            {
                results.Add((item.index, await ImportOneAsync(item.row, token).ConfigureAwait(false)));
                onRowDone();
            }).ConfigureAwait(false);
        return [.. results.OrderBy(r => r.Index).Select(r => r.Result)];
    }

    private async Task<RowResult> ImportOneAsync(ImportRow row, CancellationToken ct)
    {
        if (_unauthorized)
        {
            return Failed(row, "unauthorized");
        }

        try
        {
            var before = await api.GetProfileAsync(row.UserId, ct).ConfigureAwait(false);
            if (before.Status is not (200 or 404))
            {
                return Failed(row, before.Reason);
            }

            var exists = before.Status == 200;
            var existingCodes = exists && before.Body is { ValueKind: JsonValueKind.Object } b
                && b.TryGetProperty("backupCodesRemaining", out var n) && n.TryGetInt32(out var count) ? count : 0;
            var notes = new List<string>();

            var put = await api.PutProfileAsync(row.UserId, row.Mobile, row.SmsOtpDisabled, ct).ConfigureAwait(false);
            if (put.Code == "opt_out_not_allowed")
            {
                // Mandatory, or no per-user opt-out: WSO2 ignores the claim then too.
                notes.Add("opt_out_not_applied");
                put = await api.PutProfileAsync(row.UserId, row.Mobile, null, ct).ConfigureAwait(false);
            }

            if (!put.Ok)
            {
                return Failed(row, put.Reason, notes);
            }

            if (row.BackupCodes is { } codes)
            {
                if (exists && !overwriteBackupCodes)
                {
                    notes.Add(existingCodes > 0 ? "backup_codes_kept" : "backup_codes_not_restored");
                }
                else
                {
                    var imported = await api.PutBackupCodesAsync(row.UserId, codes, ct).ConfigureAwait(false);
                    if (imported.Code == "backup_codes_disabled")
                    {
                        notes.Add("backup_codes_disabled");
                    }
                    else if (!imported.Ok)
                    {
                        return Failed(row, "backup_codes:" + imported.Reason, notes);
                    }
                    else
                    {
                        notes.Add("backup_codes_imported");
                    }
                }
            }

            return new RowResult(row.Source, row.UserId, exists ? RowOutcome.Updated : RowOutcome.Created, null, notes);
        }
        catch (Exception e) when (e is HttpRequestException or TimeoutRejectedException || (e is TaskCanceledException && !ct.IsCancellationRequested))
        {
            // The exception text may hold the URL (with the user id); the reason keeps only its kind.
            return Failed(row, e is HttpRequestException ? "unreachable" : "timeout");
        }
    }

    private RowResult Failed(ImportRow row, string reason, IReadOnlyList<string>? notes = null)
    {
        if (reason == "unauthorized")
        {
            _unauthorized = true;
        }

        return new RowResult(row.Source, row.UserId, RowOutcome.Failed, reason, notes);
    }
}
