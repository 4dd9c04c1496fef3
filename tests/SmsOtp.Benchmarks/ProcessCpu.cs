using System.Diagnostics;
using System.Globalization;

namespace SmsOtp.Benchmarks;

/// <summary>
/// CPU time used so far by this process (load generator, service and provider) and by its child
/// <c>node</c> processes (Azurite, when the benchmark started it), read from <c>/proc</c> on Linux.
/// Dividing by logins says where each login's CPU goes on a machine where CPU is the limit.
/// </summary>
public readonly record struct ProcessCpu(TimeSpan Self, TimeSpan? Storage)
{
    private const double ClockTicksPerSecond = 100.0; // USER_HZ on Linux

    public static ProcessCpu Now()
    {
        using var self = Process.GetCurrentProcess();
        return new ProcessCpu(self.TotalProcessorTime, ChildNodeCpu(self.Id));
    }

    public ProcessCpu Minus(ProcessCpu earlier) =>
        new(Self - earlier.Self, Storage is { } s && earlier.Storage is { } e ? s - e : null);

    public string PerLogin(long logins) => Storage is { } storage
        ? string.Create(CultureInfo.InvariantCulture, $"this process {Self.TotalMilliseconds / logins:0.00} ms, Azurite {storage.TotalMilliseconds / logins:0.00} ms")
        : string.Create(CultureInfo.InvariantCulture, $"this process {Self.TotalMilliseconds / logins:0.00} ms (storage CPU not measured)");

    private static TimeSpan? ChildNodeCpu(int parent)
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        double ticks = 0;
        var found = false;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out _))
            {
                continue;
            }

            string stat;
            try
            {
                stat = File.ReadAllText(Path.Combine(dir, "stat"));
            }
            catch (IOException)
            {
                continue;
            }
            catch (UnauthorizedAccessException)
            {
                continue;
            }

            // "pid (comm) state ppid ... utime(14) stime(15)"; comm may hold spaces, so split after ')'.
            var close = stat.LastIndexOf(')');
            if (close < 0 || !stat.AsSpan(0, close).EndsWith("(node", StringComparison.Ordinal))
            {
                continue;
            }

            var fields = stat[(close + 2)..].Split(' ');
            if (fields.Length > 12 && int.Parse(fields[1], CultureInfo.InvariantCulture) == parent)
            {
                ticks += double.Parse(fields[11], CultureInfo.InvariantCulture) + double.Parse(fields[12], CultureInfo.InvariantCulture);
                found = true;
            }
        }

        return found ? TimeSpan.FromSeconds(ticks / ClockTicksPerSecond) : null;
    }
}
