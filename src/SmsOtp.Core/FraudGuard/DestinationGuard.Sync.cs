namespace SmsOtp.Core.FraudGuard;

/// <summary>For <see cref="FraudGuardSync"/>: what to write, what was read.</summary>
public sealed partial class DestinationGuard
{
    /// <summary>This instance's counts that changed since they were last written (absolute values: a rewrite is harmless).</summary>
    internal List<(CountKey Key, Count Value, long Version)> Dirty()
    {
        lock (_gate)
        {
            return [.. _mine.Where(p => p.Value.Version != p.Value.Flushed).Select(p => (p.Key, new Count(p.Value.Sends, p.Value.Verified), p.Value.Version))];
        }
    }

    internal void Flushed(IEnumerable<(CountKey Key, Count Value, long Version)> written)
    {
        lock (_gate)
        {
            foreach (var (key, _, version) in written)
            {
                if (_mine.TryGetValue(key, out var tally) && tally.Flushed < version)
                {
                    tally.Flushed = version;
                }
            }
        }
    }

    /// <summary>Suspensions this instance decided that the shared rows do not hold yet.</summary>
    internal List<(string Prefix, DateTimeOffset Until, int Repeat)> PendingSuspensions()
    {
        lock (_gate)
        {
            return [.. _suspensions.Where(p => p.Value.Pending).Select(p => (p.Key, p.Value.Until, p.Value.Repeat))];
        }
    }

    /// <summary>The shared row of a destination after this instance wrote (or found) it.</summary>
    internal void SuspensionStored(string prefix, DateTimeOffset until, int repeat)
    {
        lock (_gate)
        {
            if (_suspensions.TryGetValue(prefix, out var local) && local.Until > until)
            {
                return; // a later local one still waits to be written
            }

            _suspensions[prefix] = new Suspension(until, repeat);
        }
    }

    /// <summary>
    /// Takes what was read from the shared rows: the other instances' counts (this instance's column left out) and
    /// every destination's last suspension; then forgets counts and suspensions too old to matter.
    /// </summary>
    internal void Refresh(Dictionary<CountKey, Count> others, IReadOnlyDictionary<string, (DateTimeOffset Until, int Repeat)> suspensions, DateTimeOffset now)
    {
        var o = options.Global;
        lock (_gate)
        {
            _others = others;
            foreach (var (prefix, (until, repeat)) in suspensions)
            {
                if (!_suspensions.TryGetValue(prefix, out var local) || local.Until < until)
                {
                    _suspensions[prefix] = new Suspension(until, repeat);
                }
            }

            Prune(o, now);
        }
    }

    /// <summary>Forgets counts too old to matter (unwritten ones only after twice as long) and suspensions past repeating.</summary>
    internal void Prune(FraudGuardOptions o, DateTimeOffset now)
    {
        lock (_gate)
        {
            var keep = RetainedSince(o, now);
            foreach (var (key, tally) in _mine.ToList())
            {
                var end = CountKey.StartOf(key.Bucket + 1, key.BucketMinutes);
                if (end < keep && (tally.Version == tally.Flushed || end < keep - (now - keep)))
                {
                    _mine.Remove(key);
                }
            }

            foreach (var (prefix, s) in _suspensions.ToList())
            {
                if (!s.Pending && s.Until < now - RepeatWithin)
                {
                    _suspensions.Remove(prefix);
                }
            }
        }
    }
}
