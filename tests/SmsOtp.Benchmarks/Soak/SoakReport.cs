using System.Globalization;
using Azure.Data.Tables;
using SmsOtp.Testing;

namespace SmsOtp.Benchmarks.Soak;

/// <summary>
/// The soak's figures, computed from the logins' records, every SMS the provider accepted and every 5xx answer,
/// and printed with the evidence for anything that went wrong (rows of the users concerned, keys to grep the log).
/// No code is printed.
/// </summary>
public sealed class SoakReport(
    BenchOptions o,
    SoakClock clock,
    FaultSchedule schedule,
    IReadOnlyList<SoakLoginRecord> records,
    IReadOnlyList<AcceptedSms> acceptedAll,
    IReadOnlyDictionary<ProviderFaultKind, long> providerAnswers,
    IReadOnlyList<SoakHttpAnswer> fiveXx,
    IReadOnlyDictionary<string, long> answers,
    IReadOnlyDictionary<int, TableEntity?> rows,
    TransactionCounts storage,
    IReadOnlyList<StorageFaultChange> switches,
    TimeSpan lastStarted,
    TimeSpan allDone,
    StorageTraffic tableTraffic,
    StorageTraffic queueTraffic,
    SoakLogFile log,
    StorageProbe probe)
{
    /// <summary>A 503 up to this long after a storage window ended is still its effect (the service's 5 s deadline, and slack).</summary>
    public static readonly TimeSpan StorageSlack = TimeSpan.FromSeconds(7);

    private const int MaxEvidence = 20;

    public bool Passed { get; private set; }

    public void Print(TimeSpan wall, string loadAverage)
    {
        var mobiles = records.ToDictionary(r => r.User.Mobile, StringComparer.Ordinal);
        var accepted = acceptedAll.Where(a => mobiles.ContainsKey(a.To)).ToList();
        var byNumber = accepted.ToLookup(a => a.To, StringComparer.Ordinal);
        var byDesignLabels = schedule.Windows.Where(w => w.ByDesign).Select(w => w.Label).ToHashSet(StringComparer.Ordinal);

        var sent = records.Count(r => r.Sent);
        var verified = records.Count(r => r.Verified);
        var lost = records.Where(r => r.Outcome.StartsWith("lost", StringComparison.Ordinal)).ToList();
        var verifyFailed = records.Where(r => r.Outcome.StartsWith("verify-failed", StringComparison.Ordinal) || r.Outcome == "gave-up-503: verify").ToList();
        var otherFailed = records.Where(r => !r.Verified && !lost.Contains(r) && !verifyFailed.Contains(r)).ToList();

        var copies = accepted.GroupBy(a => (a.To, a.Code)).Where(g => g.Count() > 1).ToList();
        var byDesign = copies.Where(g => g.Any(a => a.Late)).ToList();
        var duplicated = copies.Where(g => !g.Any(a => a.Late)).ToList();
        var lateOutside = accepted.Count(a => a.Late && !byDesignLabels.Contains(a.Window));

        // Codes of sends that the client saw refused (503) and retried, which still went out: every distinct code for
        // the number but the final send's. A login with one send has one code at most (else something is wrong).
        int Codes(SoakLoginRecord r) => byNumber[r.User.Mobile].Select(a => a.Code).Distinct(StringComparer.Ordinal).Count();
        var staleLogins = records.Where(r => Codes(r) > 1).ToList();
        var stale = staleLogins.Sum(r => Codes(r) - 1);
        var staleSingleSend = staleLogins.Where(r => r.SendRequests == 1).ToList();

        var n500 = fiveXx.Count(a => a.Status == 500);
        var n503 = fiveXx.Count(a => a.Status == 503);
        var otherFiveXx = fiveXx.Count(a => a.Status is not 500 and not 503);
        var notInjected503 = fiveXx.Where(a => a.Status == 503 && !schedule.InStorageFault(a.At, StorageSlack)).ToList();
        var stalled503 = notInjected503.Where(a => probe.StalledBefore(a.At, StorageSlack)).ToList();
        var outside503 = notInjected503.Except(stalled503).ToList();
        var retried = records.Count(r => r.SendRequests > 1 || r.VerifyRequests > 1 + r.StaleCodesTried);

        Section("Results");
        Line($"logins attempted            {records.Count,6:N0}   (send said sent: {sent:N0})");
        Line($"logins verified             {verified,6:N0}   ({records.Count(r => r.Verified && (r.SendRequests > 1 || r.VerifyRequests > 1 + r.StaleCodesTried)):N0} of them after retrying a 503; {records.Count(r => r.Verified && r.WentBackground):N0} after the virtual user's {o.SoakPatience.TotalSeconds:0} s patience; {records.Count(r => r.VerifiedByStatus):N0} told by the status after a verify's lost answer)");
        Line($"SMS lost                    {lost.Count,6:N0}   (sent, and the provider never accepted the code before it expired)");
        Line($"SMS duplicated              {duplicated.Count,6:N0}   (a code accepted more than once, outside the by-design case)");
        Line($"  allowed by design         {byDesign.Count,6:N0}   (a code accepted again after an answer beyond the provider timeout; late answers outside the labelled sub-phase: {lateOutside})");
        Line($"5xx answers: 500            {n500,6:N0}");
        Line($"             503            {n503,6:N0}   ({notInjected503.Count} outside a storage fault window and its {StorageSlack.TotalSeconds:0} s after, {stalled503.Count} of them after a stall of Azurite itself seen by the direct probe; {retried:N0} logins retried after one)");
        Line($"             other 5xx      {otherFiveXx,6:N0}");
        Line($"verify not verified         {verifyFailed.Count,6:N0}   (for the code received; {records.Sum(r => r.StaleCodesTried)} codes of refused sends tried first and refused, as they should be)");
        Line($"other failed logins         {otherFailed.Count,6:N0}   {Group(otherFailed)}");
        Line($"SMS of refused sends        {stale,6:N0}   (a send answered 503 whose code still went out; {staleSingleSend.Count} for logins with a single send)");
        Line($"answers                     {string.Join(", ", answers.Where(p => p.Value > 0).OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key} x{p.Value:N0}"))}");
        Line($"provider answered           {string.Join(", ", providerAnswers.OrderBy(p => p.Key).Select(p => $"{p.Key} x{p.Value:N0}"))} (warm-up included; {accepted.Count:N0} SMS accepted for the soak's logins)");
        Line($"storage proxy               {switches.Count} switches; resets: table {tableTraffic.Resets:N0}, queue {queueTraffic.Resets:N0}; connections accepted: table {tableTraffic.Accepted:N0}, queue {queueTraffic.Accepted:N0}");
        Line($"storage requests not 2xx    {string.Join(", ", storage.ByKey.Where(p => !p.Key.EndsWith("|200", StringComparison.Ordinal) && !p.Key.EndsWith("|201", StringComparison.Ordinal) && !p.Key.EndsWith("|204", StringComparison.Ordinal)).OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key.Replace('|', ' ')} x{p.Value:N0}"))} (whole run, as the service's SDK clients saw them)");

        Line($"service log (events)        breaker opened (4202) x{log.Count(4202)}, redelivery scheduled (4003) x{log.Count(4003)}, given up (4004) x{log.Count(4004)}, " +
            $"not retried after timeouts (4005) x{log.Count(4005)}, delivery threw (7001) x{log.Count(7001)}, poisoned (7002) x{log.Count(7002)}, " +
            $"queue call after delivery failed (7003) x{log.Count(7003)}, listener lost the queue (7004) x{log.Count(7004)}, 503 from a dependency (5101) x{log.Count(5101)}");
        var delivery = new LatencySeries();
        foreach (var r in records.Where(r => r.DeliveredAfter is not null))
        {
            delivery.Add(r.DeliveredAfter!.Value.TotalMilliseconds);
        }

        Line($"delivery (sent -> provider accepted) {delivery.Summary()}");
        Line($"  over 60 s                 {records.Count(r => r.DeliveredAfter > TimeSpan.FromSeconds(60)),6:N0}   (the provider failing longer, with the breaker's 30 s; or a delivery that threw while storage failed and whose visibility update failed too: it waits out the listener's 30-second lease)");
        Line($"storage probe, direct read over 1 s or failed : {Join(probe.Episodes(p => p.Direct, TimeSpan.FromSeconds(1)))}");
        Line($"storage probe, through the proxy, over 1 s or failed: {Join(probe.Episodes(p => p.Proxied, TimeSpan.FromSeconds(1)))}");
        Line($"thread pool                 peak {probe.Samples.DefaultIfEmpty().Max(p => p?.Threads ?? 0)} threads, peak {probe.Samples.DefaultIfEmpty().Max(p => p?.PendingWorkItems ?? 0)} queued work items; proxy connections peak {probe.Samples.DefaultIfEmpty().Max(p => p?.ProxyConnections ?? 0)}");

        Section("By the window in force when the send answered (passes summed; 503s counted by when they were answered)");
        Line($"{"window",-48} {"logins",6} {"verified",8} {"503s",5}  {"delivery p50",12} {"p99",8} {"max",8}");
        foreach (var label in new[] { "healthy" }.Concat(schedule.Windows.Select(w => w.Label).Distinct(StringComparer.Ordinal)))
        {
            var mine = records.Where(r => r.Sent && r.WindowAtSend == label).ToList();
            var series = new LatencySeries();
            foreach (var r in mine.Where(r => r.DeliveredAfter is not null))
            {
                series.Add(r.DeliveredAfter!.Value.TotalMilliseconds);
            }

            var windows = schedule.Windows.Where(w => w.Label == label).ToList();
            var fives = label == "healthy"
                ? fiveXx.Count(a => a.Status == 503 && schedule.WindowAt(a.At) is null)
                : fiveXx.Count(a => a.Status == 503 && windows.Any(w => w.Contains(a.At)));
            Line(string.Create(CultureInfo.InvariantCulture,
                $"{label,-48} {mine.Count,6} {mine.Count(r => r.Verified),8} {fives,5}  {Seconds(series.Percentile(50)),12} {Seconds(series.Percentile(99)),8} {Seconds(series.Max),8}"));
        }

        Section("Timing");
        Line($"schedule {schedule.Length.TotalSeconds:0} s; last login started at {lastStarted.TotalSeconds:0} s; every login ended at {allDone.TotalSeconds:0} s; whole run {wall.TotalSeconds:0} s; load average now {loadAverage}");

        Evidence(lost, verifyFailed, otherFailed, duplicated, accepted, notInjected503);
        if (staleLogins.Count > 0)
        {
            Section($"SMS of sends answered 503 (not a failure of the soak's criteria; first {MaxEvidence})");
            foreach (var r in staleLogins.Take(MaxEvidence))
            {
                Line($"login {r.Index}, user key {r.User.PartitionKey}: {r.SendRequests} send requests from t={r.SendStartedAt.TotalSeconds:0.000} s, sent at t={r.SentAt.TotalSeconds:0.000} s; " +
                    $"SMS accepted at {string.Join(", ", byNumber[r.User.Mobile].Select(a => $"t={Seconds(a.AcceptedAt)}{(a.Code == r.VerifiedCode ? " (the code verified)" : "")}"))}");
            }
        }

        Section("Criteria");
        var checks = new (string What, long Value)[]
        {
            ("SMS lost", lost.Count),
            ("SMS duplicated (outside the by-design sub-phase)", duplicated.Count),
            ("500 answers", n500),
            ("other 5xx answers (not 500, not 503)", otherFiveXx),
            ("503 answers outside storage faults (injected, or stalls of Azurite the direct probe saw)", outside503.Count),
            ("verifies that did not say verified for the code received", verifyFailed.Count),
            ("logins that failed otherwise", otherFailed.Count),
        };
        foreach (var (what, value) in checks)
        {
            Line($"{(value == 0 ? "MET " : "MISS")}  {what} = 0: {value}");
        }

        Passed = checks.All(c => c.Value == 0);
    }

    private void Evidence(List<SoakLoginRecord> lost, List<SoakLoginRecord> verifyFailed, List<SoakLoginRecord> otherFailed,
        List<IGrouping<(string To, string Code), AcceptedSms>> duplicated, List<AcceptedSms> accepted, List<SoakHttpAnswer> notInjected503)
    {
        var failed = lost.Concat(verifyFailed).Concat(otherFailed).ToList();
        if (failed.Count == 0 && duplicated.Count == 0 && fiveXx.All(a => a.Status == 503) && notInjected503.Count == 0)
        {
            return;
        }

        Section($"Evidence (first {MaxEvidence} of each; grep the log for the user key)");
        foreach (var r in failed.Take(MaxEvidence))
        {
            var sms = accepted.Where(a => a.To == r.User.Mobile).ToList();
            Line($"login {r.Index}: {r.Outcome}; user key {r.User.PartitionKey}; send started t={r.SendStartedAt.TotalSeconds:0.0} s, sent t={(r.Sent ? r.SentAt.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) : "-")} s " +
                $"in '{r.WindowAtSend}'; {r.SendRequests} send and {r.VerifyRequests} verify requests; verify answers [{string.Join(", ", r.VerifyAnswers)}]; " +
                $"{sms.Count} SMS accepted for the number{(sms.Count > 0 ? " (first at t=" + Seconds(sms.Min(a => a.AcceptedAt)) + ")" : "")}");
            var lines = LogLines(r.User.PartitionKey).ToList();
            foreach (var line in lines.Take(8))
            {
                Line("    log: " + line);
            }

            if (r.Outcome.StartsWith("lost", StringComparison.Ordinal) && lines.Any(l => l.Contains("dropped: already-claimed", StringComparison.Ordinal)))
            {
                Line("    diagnosis: a delivery's claim on the row was written but the delivery saw the write fail (storage); a later attempt found the claim and took the code for sent (DeliveryHandler.ClaimAsync, already-claimed)");
            }
            else if (r.Outcome == "verify-failed: 200 consumed" && r.VerifyRequests > 1)
            {
                Line("    diagnosis: an earlier verify of this code consumed the challenge but was answered 503 (its write's answer was lost); the client's retry of the same code found it consumed");
            }

            if (rows.TryGetValue(r.Index, out var row))
            {
                Line(row is null
                    ? "    row: none"
                    : $"    row: CodeVersion {row.GetInt32("CodeVersion")}, ChallengeState {row.GetString("ChallengeState")}, DeliveryVersion {row.GetInt32("DeliveryVersion")}, " +
                      $"DeliveryState {row.GetString("DeliveryState")}, CodeExpiresAt {row.GetDateTimeOffset("CodeExpiresAt"):HH:mm:ss}, LastSentAt {row.GetDateTimeOffset("LastSentAt"):HH:mm:ss.fff}");
            }
        }

        foreach (var group in duplicated.Take(MaxEvidence))
        {
            var r = records.First(x => x.User.Mobile == group.Key.To);
            Line($"duplicate: login {r.Index}, user key {r.User.PartitionKey}: the same code accepted {group.Count()} times, " +
                string.Join("; ", group.Select(a => $"arrived t={Seconds(a.ArrivedAt)} in '{a.Window}'")));
        }

        foreach (var a in fiveXx.Where(a => a.Status != 503).Concat(notInjected503).Take(MaxEvidence))
        {
            Line($"{a.Status} on {a.Route} at t={a.At.TotalSeconds:0.000} s ({a.ProblemCode}{(a.Status == 503 && probe.StalledBefore(a.At, StorageSlack) ? "; Azurite stalled before it" : "")}), login {a.LoginIndex} (user key {records.FirstOrDefault(r => r.Index == a.LoginIndex)?.User.PartitionKey})");
        }
    }

    private IEnumerable<string> LogLines(string userKey)
    {
        log.Flush();
        using var reader = new StreamReader(new FileStream(log.Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite));
        while (reader.ReadLine() is { } line)
        {
            if (line.Contains(userKey, StringComparison.Ordinal))
            {
                yield return line.Length > 200 ? line[..200] : line;
            }
        }
    }

    private string Seconds(long timestamp) =>
        clock.At(timestamp).TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture) + " s";

    private static string Seconds(double milliseconds) =>
        double.IsNaN(milliseconds) ? "-" : (milliseconds / 1000).ToString("0.00", CultureInfo.InvariantCulture) + " s";

    private static string Join(IEnumerable<string> episodes) => episodes.ToList() is { Count: > 0 } list ? string.Join("; ", list) : "none";

    private static string Group(List<SoakLoginRecord> failed) =>
        failed.Count == 0 ? "" : "(" + string.Join(", ", failed.GroupBy(r => r.Outcome).Select(g => $"{g.Key} x{g.Count()}")) + ")";

    internal static void Section(string title)
    {
        Console.WriteLine();
        Console.WriteLine("== " + title);
    }

    internal static void Line(string text) => Console.WriteLine("  " + text);
}
