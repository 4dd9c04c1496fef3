namespace SmsOtp.Core.FraudGuard;

/// <summary>
/// The fraud guard's decisions (spec §9), in memory only, so a send costs no storage transaction: per destination
/// the sends and verifications of the sliding window, and the SMS per tenant and in total of the last hour (the
/// spending caps). Each count is this instance's own (exact, live) plus the other instances' as last read from the
/// shared rows; <see cref="FraudGuardSync"/> writes the one and reads the other every <c>FlushSeconds</c>. A destination
/// with at least <c>MinSends</c> sends and verified/sent below <c>MinConversionRate</c> is suspended for
/// <c>SuspendMinutes</c>, doubled for each further suspension within a day; the evidence judged after a suspension
/// starts where it ended. Admitting an SMS counts it at once (under one lock), so parallel sends on one instance
/// can never pass a threshold together.
/// </summary>
public sealed partial class DestinationGuard(TenantOptions<FraudGuardOptions> options, AuditLog audit, ILogger<DestinationGuard> logger)
{
    /// <summary>A suspension that starts within this time of the previous one's end doubles it.</summary>
    public static readonly TimeSpan RepeatWithin = TimeSpan.FromDays(1);

    /// <summary>The longest suspension, however often it repeats.</summary>
    public static readonly TimeSpan MaxSuspension = TimeSpan.FromDays(7);

    private readonly Lock _gate = new();
    private readonly Dictionary<CountKey, Tally> _mine = [];
    private readonly Dictionary<string, Suspension> _suspensions = new(StringComparer.Ordinal);
    private Dictionary<CountKey, Count> _others = [];
    private TrustedCache? _trusted;
    private SafeNumbers _safe = SafeNumbers.None;

    /// <summary>This instance's column in the shared rows (random per process; a restart is a new instance).</summary>
    public string InstanceColumn { get; } = "i" + RandomNumberGenerator.GetHexString(16, lowercase: true);

    /// <summary>
    /// Judges one SMS to <paramref name="e164"/> for <paramref name="tenant"/> and, unless refused, counts it. A caller
    /// that then sends nothing gives it back with <see cref="Release"/>.
    /// </summary>
    internal GuardDecision Admit(string tenant, string e164, DateTimeOffset now)
    {
        var o = options.Global;
        if (o.IsOff)
        {
            return GuardDecision.Free;
        }

        var globalCap = o.MaxSmsPerHour;
        var tenantCap = options.For(tenant).MaxSmsPerHour;
        var caps = globalCap > 0 || tenantCap > 0;
        var prefix = Destination.Of(e164, o.PrefixLength);
        var trusted = Destination.IsTrusted(e164, Trusted(o)) || Safe(o).Contains(e164);
        string? reason = null;
        var retry = TimeSpan.Zero;
        Suspension? started = null;
        (int Sent, int Verified) evidence = default;
        var counted = new List<CountKey>(3);
        lock (_gate)
        {
            if (!trusted)
            {
                _suspensions.TryGetValue(prefix, out var current);
                if (current is not null && current.Until > now)
                {
                    (reason, retry) = (GuardDecision.Destination, current.Until - now);
                }
                else
                {
                    evidence = WindowCount(prefix, o, now, current?.Until);
                    if (evidence.Sent >= o.MinSends && evidence.Verified < o.MinConversionRate * evidence.Sent)
                    {
                        started = Suspend(prefix, current, o, now);
                        (reason, retry) = (GuardDecision.Destination, started.Until - now);
                    }
                }
            }

            if (reason is null && caps && CapRetry(tenant, globalCap, tenantCap, now) is { } wait)
            {
                (reason, retry) = (GuardDecision.Cap, wait);
            }

            if (reason is null || o.IsMonitor)
            {
                if (!trusted)
                {
                    counted.Add(Bump(new CountKey(CountKey.Prefix, o.BucketMinutes, CountKey.BucketOf(now, o.BucketMinutes), prefix), 1, 0));
                }

                if (caps)
                {
                    var bucket = CountKey.BucketOf(now, CountKey.CapBucketMinutes);
                    counted.Add(Bump(new CountKey(CountKey.Cap, CountKey.CapBucketMinutes, bucket, tenant), 1, 0));
                    counted.Add(Bump(new CountKey(CountKey.Cap, CountKey.CapBucketMinutes, bucket, CountKey.AllTenants), 1, 0));
                }
            }
        }

        if (started is not null)
        {
            var outcome = o.IsMonitor ? "monitored" : "suspended";
            LogSuspended(logger, prefix, outcome, started.Until, started.Repeat, evidence.Sent, evidence.Verified);
            audit.DestinationSuspended(prefix, outcome, started.Until, started.Repeat, evidence.Sent, evidence.Verified);
            SmsOtpTelemetry.RecordFraudGuardSuspension(prefix);
        }

        return new GuardDecision
        {
            Refused = reason is not null && !o.IsMonitor,
            Reason = reason,
            RetryAfter = retry,
            DestinationPrefix = prefix,
            Counted = [.. counted],
        };
    }

    /// <summary>An admitted SMS that was not sent after all (another limit refused it, the write failed): uncounts it.</summary>
    internal void Release(GuardDecision decision)
    {
        if (decision.Counted.Length == 0)
        {
            return;
        }

        lock (_gate)
        {
            foreach (var key in decision.Counted)
            {
                Bump(key, -1, 0);
            }
        }
    }

    /// <summary>A code sent by SMS to <paramref name="e164"/> was verified: the destination's conversion.</summary>
    public void RecordVerified(string e164, DateTimeOffset now)
    {
        var o = options.Global;
        if (o.IsOff || Destination.IsTrusted(e164, Trusted(o)) || Safe(o).Contains(e164))
        {
            return;
        }

        var prefix = Destination.Of(e164, o.PrefixLength);
        lock (_gate)
        {
            Bump(new CountKey(CountKey.Prefix, o.BucketMinutes, CountKey.BucketOf(now, o.BucketMinutes), prefix), 0, 1);
        }
    }

    private Suspension Suspend(string prefix, Suspension? previous, FraudGuardOptions o, DateTimeOffset now)
    {
        var repeat = previous is not null && now - previous.Until < RepeatWithin ? previous.Repeat + 1 : 1;
        var minutes = o.SuspendMinutes * Math.Pow(2, Math.Min(repeat - 1, 20));
        var length = TimeSpan.FromMinutes(Math.Min(minutes, MaxSuspension.TotalMinutes));
        var suspension = new Suspension(now + length, repeat) { Pending = true };
        _suspensions[prefix] = suspension;
        return suspension;
    }

    private Count Read(CountKey key)
    {
        var others = _others.GetValueOrDefault(key);
        return _mine.TryGetValue(key, out var mine) ? new Count(others.Sends + mine.Sends, others.Verified + mine.Verified) : others;
    }

    private CountKey Bump(CountKey key, int sends, int verified)
    {
        if (!_mine.TryGetValue(key, out var tally))
        {
            tally = new Tally();
            _mine[key] = tally;
        }

        tally.Sends = Math.Max(0, tally.Sends + sends);
        tally.Verified += verified;
        tally.Version++;
        return key;
    }

    private IReadOnlyList<string> Trusted(FraudGuardOptions o)
    {
        var cache = _trusted;
        if (cache is null || !ReferenceEquals(cache.Source, o.TrustedPrefixes))
        {
            cache = new TrustedCache(o.TrustedPrefixes, o.TrustedList());
            _trusted = cache;
        }

        return cache.Prefixes;
    }

    private sealed class Tally
    {
        public int Sends { get; set; }
        public int Verified { get; set; }
        public long Version { get; set; }
        public long Flushed { get; set; }
    }

    private sealed record Suspension(DateTimeOffset Until, int Repeat)
    {
        /// <summary>Decided here, not yet in the shared rows.</summary>
        public bool Pending { get; init; }
    }

    /// <summary><c>SafeNumbers</c> parsed once per setting (a reload brings a new string).</summary>
    private SafeNumbers Safe(FraudGuardOptions o)
    {
        var safe = _safe;
        if (!ReferenceEquals(safe.Source, o.SafeNumbers))
        {
            _safe = safe = SafeNumbers.Parse(o.SafeNumbers, out _);
        }

        return safe;
    }

    private sealed record TrustedCache(string? Source, IReadOnlyList<string> Prefixes);

    [LoggerMessage(EventId = 8101, Level = LogLevel.Warning,
        Message = "Fraud guard: destination {Destination} {Outcome} until {Until} (suspension {Repeat} in a row; {Sent} sent, {Verified} verified in the window)")]
    private static partial void LogSuspended(ILogger logger, string destination, string outcome, DateTimeOffset until, int repeat, int sent, int verified);
}

/// <summary>
/// What the guard says about one SMS about to be sent: free to go, refused (block mode) with when to retry, or
/// allowed although it would have been refused (monitor mode). An allowed SMS is already counted; a send that
/// then does not happen gives it back with <see cref="DestinationGuard.Release"/>.
/// </summary>
internal sealed record GuardDecision
{
    /// <summary>The destination is suspended (its conversion rate was too low).</summary>
    public const string Destination = "destination";

    /// <summary>A spending cap (<c>MaxSmsPerHour</c>, global or the tenant's) is reached.</summary>
    public const string Cap = "cap";

    public static GuardDecision Free { get; } = new();

    /// <summary>True in block mode when <see cref="Reason"/> applies: no SMS may go.</summary>
    public bool Refused { get; init; }

    /// <summary><see cref="Destination"/> or <see cref="Cap"/> when the guard refused or (monitor mode) would have; else null.</summary>
    public string? Reason { get; init; }

    /// <summary>Monitor mode: allowed, but reported as a refusal that did not happen.</summary>
    public bool Monitored => !Refused && Reason is not null;

    public TimeSpan RetryAfter { get; init; }

    /// <summary>The destination (digit prefix) the SMS was judged under; empty when the guard is off.</summary>
    public string DestinationPrefix { get; init; } = string.Empty;

    internal CountKey[] Counted { get; init; } = [];
}

/// <summary>
/// A destination of the guard (spec §9): the first <c>PrefixLength</c> digits of an E.164 number, without the
/// <c>+</c> (<c>+94778888888</c> → <c>94778</c> at the default 5). Never the whole number: the prefix is what logs,
/// audit events and shared rows hold.
/// </summary>
internal static class Destination
{
    public static string Of(string e164, int prefixLength)
    {
        var digits = e164.AsSpan().TrimStart('+');
        return digits[..Math.Min(prefixLength, Math.Max(0, digits.Length - 1))].ToString();
    }

    /// <summary>Whether the number starts with one of the trusted digit prefixes.</summary>
    public static bool IsTrusted(string e164, IReadOnlyList<string> trusted)
    {
        var digits = e164.AsSpan().TrimStart('+');
        foreach (var prefix in trusted)
        {
            if (digits.StartsWith(prefix, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
