using System.Reflection;

namespace SmsOtp.LoginTouch;

/// <summary>
/// The hit counters coverlet instruments into SmsOtp.Core (a static int[] HitsArray on its tracker class,
/// written to the report when the test process ends). Clearing and restoring them is how a window of the run
/// is measured alone.
/// </summary>
public sealed class CoverageCounters
{
    private const string TrackerPrefix = "Coverlet.Core.Instrumentation.Tracker.";

    private readonly int[][] _counters;

    private CoverageCounters(int[][] counters) => _counters = counters;

    public static CoverageCounters Find()
    {
        var core = AppDomain.CurrentDomain.GetAssemblies().SingleOrDefault(a => a.GetName().Name == "SmsOtp.Core")
            ?? Assembly.Load("SmsOtp.Core");
        var counters = core.GetTypes()
            .Where(t => t.FullName?.StartsWith(TrackerPrefix, StringComparison.Ordinal) == true)
            .Select(t => t.GetField("HitsArray", BindingFlags.Public | BindingFlags.Static)?.GetValue(null))
            .OfType<int[]>()
            .ToArray();
        if (counters.Length == 0)
        {
            throw new InvalidOperationException(
                "SmsOtp.Core is not instrumented: run tests/SmsOtp.LoginTouch/run-login-touch.sh (dotnet test with --collect \"XPlat Code Coverage\").");
        }

        return new CoverageCounters(counters);
    }

    public void Clear()
    {
        foreach (var counter in _counters)
        {
            Array.Clear(counter);
        }
    }

    public int[][] Snapshot() => _counters.Select(c => (int[])c.Clone()).ToArray();

    public void Restore(int[][] snapshot)
    {
        for (var i = 0; i < _counters.Length; i++)
        {
            Array.Copy(snapshot[i], _counters[i], _counters[i].Length);
        }
    }
}
