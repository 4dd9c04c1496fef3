namespace SmsOtp.Benchmarks;

/// <summary>What every benchmark mode prints about the machine and how it summarises its rounds.</summary>
public static class BenchMachine
{
    /// <summary>The 1, 5 and 15 minute load averages (a figure taken under load is not a figure of the service).</summary>
    public static string LoadAverage()
    {
        try
        {
            return OperatingSystem.IsLinux() ? string.Join(", ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";
        }
        catch (IOException)
        {
            return "?";
        }
    }

    /// <summary>The median, robust to one round that a stall of the machine or of Azurite spoiled.</summary>
    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? double.NaN
            : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2]
            : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
