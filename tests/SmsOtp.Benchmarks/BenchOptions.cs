using System.Globalization;

namespace SmsOtp.Benchmarks;

/// <summary>The load benchmark's command line (see <see cref="Usage"/>).</summary>
public sealed class BenchOptions
{
    public int Concurrency { get; private set; } = 16;
    public int Logins { get; private set; } = 2000;
    public int SerialLogins { get; private set; } = 50;
    public int Warmup { get; private set; } = 200;
    public int Rounds { get; private set; } = 2;
    public int Users { get; private set; } = 1000;
    public int GrowthUsers { get; private set; } = 100_000;
    public int GrowthLogins { get; private set; } = 400;
    public int GrowthConcurrency { get; private set; } = 2;
    public int SeedConcurrency { get; private set; } = 32;
    public TimeSpan Idle { get; private set; } = TimeSpan.FromSeconds(90);
    public int IdleSamples { get; private set; } = 5;
    public TimeSpan IdleGap { get; private set; } = TimeSpan.FromSeconds(3);
    public Uri? Url { get; private set; }
    public string? Storage { get; private set; }
    public string Table { get; private set; } = "users";
    public string Queue { get; private set; } = "sms-delivery";
    public int ProviderPort { get; private set; }
    public string? ApiKey { get; private set; }
    public Dictionary<string, string?> Settings { get; } = new(StringComparer.OrdinalIgnoreCase);
    public bool Help { get; private set; }

    /// <summary>Run the soak (logins under injected faults, docs/benchmarks.md "Soak") instead of the load benchmark.</summary>
    public bool Soak { get; private set; }
    public int SoakLogins { get; private set; } = 5000;
    public int SoakConcurrency { get; private set; } = 16;
    public int SoakSeed { get; private set; } = 1;
    public int SoakPasses { get; private set; } = 2;
    public TimeSpan SoakPatience { get; private set; } = TimeSpan.FromSeconds(15);
    public string? SoakLog { get; private set; }
    public bool Quick { get; private set; }

    /// <summary>Run the pumping simulation against the fraud guard (docs/security.md) instead of the load benchmark.</summary>
    public bool Pumping { get; private set; }
    public int PumpingBots { get; private set; } = 200;
    public int PumpingAttempts { get; private set; } = 1000;
    public int PumpingLogins { get; private set; } = 200;

    /// <summary>Run the cold-start phase (docs/benchmarks.md "Cold start") instead of the load benchmark.</summary>
    public bool ColdStart { get; private set; }
    public int ColdRuns { get; private set; } = 5;

    /// <summary>Run the two hosts side by side (docs/benchmarks.md "The Functions app in its own host") instead of the load benchmark.</summary>
    public bool Hosts { get; private set; }

    /// <summary>Further builds to start beside the defaults (e.g. a ReadyToRun publish), from <c>--cold-local</c> and <c>--cold-functions</c>.</summary>
    public List<SmsOtp.Benchmarks.ColdStart.ColdTarget> ColdTargets { get; } = [];

    private bool _soakLoginsSet;
    private bool _soakPassesSet;

    public const string Usage = """
        SMS OTP load benchmark: full logins (send -> SMS at a fake provider -> verify) against the storage floor.

          dotnet run -c Release --project tests/SmsOtp.Benchmarks -- [options]
          dotnet run -c Release --project tests/SmsOtp.Benchmarks -- --micro [BenchmarkDotNet options]

        Load:
          --concurrency N        virtual users in the load and floor phases (16)
          --logins N             logins in the load phase, and again in the floor phase (2000)
          --rounds N             split the load and floor phases into N alternating rounds (2)
          --serial-logins N      logins one at a time, for exact transactions per login (50)
          --warmup N             unmeasured logins first, for JIT and connection pools (200)
          --users N              user profiles the logins cycle through (1000)
        Growth (verify latency against the number of stored users):
          --growth-users N       seed up to N users, then measure again (100000; 0 skips the phase)
          --growth-logins N      logins measured at each size (400)
          --growth-concurrency N (2)
          --seed-concurrency N   parallel inserts while seeding (32)
        Idle delivery:
          --idle SECONDS         how long the queue sits idle before the first idle sample (90; 0 skips)
          --idle-samples N       further samples per mode, each after --idle-gap seconds idle (5)
          --idle-gap SECONDS     (3)
        Target:
          --storage CONNSTR      use this storage (default: start the repository's Azurite in memory)
          --url URL              drive a running server instead of an in-process one; it must use --storage,
                                 --table, --queue, and a provider at http://127.0.0.1:<--provider-port>/sms
                                 (storage transactions are then not counted: they happen in the other process)
          --table NAME, --queue NAME, --provider-port N, --api-key KEY
          --set Key=Value        extra configuration for the in-process server (repeatable),
                                 e.g. --set SmsOtp:RateLimits:Enabled=false
          --quick                a short smoke run (small numbers, no 100k growth, 5 s idle; with --soak: the short soak)
        Cold start (each program started from nothing as a child process; storage already running):
          --cold-start           time the minimal ASP.NET Core app, the local server (to its first healthy answer
                                 and its first verified login) and the Functions worker (to its connection to the host)
          --cold-runs N          measured runs per target, after one unmeasured round (5)
          --cold-local LABEL=DLL another local server build to start beside the default one (repeatable)
          --cold-functions LABEL=DLL another Functions worker build, e.g. a ReadyToRun publish (repeatable)
        Hosts (the local server and the Functions app in the Azure Functions host, both as child processes, same settings):
          --hosts                interleaved rounds of --logins at --concurrency against each (after one unmeasured
                                 round each): logins/s, p99 and server CPU per login (host + worker), and the ratios
                                 host / local server; needs a host (func on the PATH or SMSOTP_FUNCTIONS_HOST)
        Soak (full logins while faults are injected into the provider and the storage; docs/benchmarks.md "Soak"):
          --soak                 run the soak instead of the load benchmark
          --soak-logins N        logins, each by a new user, paced evenly over the fault schedule (5000; --quick 400)
          --soak-concurrency N   virtual users (16); a user waits --soak-patience for its SMS, then its login goes on
                                 in the background (it still verifies when the SMS comes) and the virtual user moves on
          --soak-passes N        passes of the fault schedule, each in an order drawn from the seed (2; --quick 1)
          --soak-seed N          seed of the schedule's order, its parameters and the per-request draws (1)
          --soak-patience SECONDS (15)
          --soak-log PATH        the service's log (Information and up) and every fault switch
                                 (default: smsotp-soak-<run>.log in the temp directory)
        Pumping (a bot pumping one prefix while real users log in, guard off then block; docs/security.md):
          --pumping              run the pumping simulation instead of the load benchmark
          --pumping-bots N       bot users, each with its own number in one prefix (200)
          --pumping-attempts N   the bot's sends, rotating over its users, never verified (1000)
          --pumping-logins N     real logins at --concurrency meanwhile, verified (200)
        """;

    private static SmsOtp.Benchmarks.ColdStart.ColdTarget Target(string labelAndDll, SmsOtp.Benchmarks.ColdStart.ColdKind kind)
    {
        var eq = labelAndDll.IndexOf('=', StringComparison.Ordinal);
        return eq <= 0
            ? throw new ArgumentException("--cold-local and --cold-functions take LABEL=PATH-TO-DLL.")
            : new SmsOtp.Benchmarks.ColdStart.ColdTarget(labelAndDll[..eq], kind, labelAndDll[(eq + 1)..]);
    }

    public static BenchOptions Parse(IReadOnlyList<string> args)
    {
        var o = new BenchOptions();
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            string Next() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{name} needs a value.");
            int NextInt() => int.Parse(Next(), NumberStyles.Integer, CultureInfo.InvariantCulture);
            TimeSpan NextSeconds() => TimeSpan.FromSeconds(double.Parse(Next(), NumberStyles.Float, CultureInfo.InvariantCulture));
            switch (name)
            {
                case "--concurrency": o.Concurrency = NextInt(); break;
                case "--logins": o.Logins = NextInt(); break;
                case "--rounds": o.Rounds = Math.Max(1, NextInt()); break;
                case "--serial-logins": o.SerialLogins = NextInt(); break;
                case "--warmup": o.Warmup = NextInt(); break;
                case "--users": o.Users = NextInt(); break;
                case "--growth-users": o.GrowthUsers = NextInt(); break;
                case "--growth-logins": o.GrowthLogins = NextInt(); break;
                case "--growth-concurrency": o.GrowthConcurrency = NextInt(); break;
                case "--seed-concurrency": o.SeedConcurrency = NextInt(); break;
                case "--idle": o.Idle = NextSeconds(); break;
                case "--idle-samples": o.IdleSamples = NextInt(); break;
                case "--idle-gap": o.IdleGap = NextSeconds(); break;
                case "--url": o.Url = new Uri(Next().TrimEnd('/') + "/"); break;
                case "--storage": o.Storage = Next(); break;
                case "--table": o.Table = Next(); break;
                case "--queue": o.Queue = Next(); break;
                case "--provider-port": o.ProviderPort = NextInt(); break;
                case "--api-key": o.ApiKey = Next(); break;
                case "--set":
                    var pair = Next();
                    var eq = pair.IndexOf('=', StringComparison.Ordinal);
                    if (eq <= 0)
                    {
                        throw new ArgumentException("--set takes Key=Value.");
                    }

                    o.Settings[pair[..eq]] = pair[(eq + 1)..];
                    break;
                case "--cold-start": o.ColdStart = true; break;
                case "--hosts": o.Hosts = true; break;
                case "--cold-runs": o.ColdRuns = Math.Max(1, NextInt()); break;
                case "--cold-local": o.ColdTargets.Add(Target(Next(), SmsOtp.Benchmarks.ColdStart.ColdKind.LocalServer)); break;
                case "--cold-functions": o.ColdTargets.Add(Target(Next(), SmsOtp.Benchmarks.ColdStart.ColdKind.FunctionsWorker)); break;
                case "--soak": o.Soak = true; break;
                case "--pumping": o.Pumping = true; break;
                case "--pumping-bots": o.PumpingBots = NextInt(); break;
                case "--pumping-attempts": o.PumpingAttempts = NextInt(); break;
                case "--pumping-logins": o.PumpingLogins = NextInt(); break;
                case "--soak-logins": o.SoakLogins = NextInt(); o._soakLoginsSet = true; break;
                case "--soak-concurrency": o.SoakConcurrency = NextInt(); break;
                case "--soak-seed": o.SoakSeed = NextInt(); break;
                case "--soak-passes": o.SoakPasses = NextInt(); o._soakPassesSet = true; break;
                case "--soak-patience": o.SoakPatience = NextSeconds(); break;
                case "--soak-log": o.SoakLog = Next(); break;
                case "--quick":
                    o.Quick = true;
                    o.Logins = 300; o.SerialLogins = 20; o.Warmup = 50; o.GrowthUsers = 0; o.GrowthLogins = 100;
                    o.Idle = TimeSpan.FromSeconds(5); o.IdleSamples = 2; o.IdleGap = TimeSpan.FromSeconds(2);
                    break;
                case "--help" or "-h" or "-?": o.Help = true; break;
                default: throw new ArgumentException($"Unknown option {name}; see --help.");
            }
        }

        if (o.Soak)
        {
            if (o.Quick)
            {
                o.SoakLogins = o._soakLoginsSet ? o.SoakLogins : 400;
                o.SoakPasses = o._soakPassesSet ? o.SoakPasses : 1;
            }

            if (o.SoakLogins < 1 || o.SoakConcurrency < 1 || o.SoakPasses < 1 || o.SoakPatience <= TimeSpan.Zero)
            {
                throw new ArgumentException("--soak-logins, --soak-concurrency, --soak-passes and --soak-patience must be positive.");
            }

            if (o.Url is not null)
            {
                throw new ArgumentException("--soak runs the server in this process (its storage goes through the fault proxy); --url is not supported.");
            }
        }

        if (o.Pumping && (o.PumpingBots < 1 || o.PumpingAttempts < 1 || o.PumpingLogins < 1 || o.Url is not null || o.Soak))
        {
            throw new ArgumentException("--pumping-bots, --pumping-attempts and --pumping-logins must be positive; --pumping runs in this process, without --url or --soak.");
        }

        if (o.Concurrency < 1 || o.Logins < 1 || o.Users < Math.Max(o.Concurrency, o.GrowthConcurrency))
        {
            throw new ArgumentException("--concurrency and --logins must be positive, and --users at least the concurrency.");
        }

        if (o.Url is not null && o.Storage is null)
        {
            throw new ArgumentException("--url needs --storage (the running server's storage), for seeding and the floor.");
        }

        return o;
    }
}
