namespace SmsOtp.Benchmarks;

/// <summary>
/// Counts exceptions thrown in this process (caught or not): a throw costs tens of microseconds, so one on the
/// happy path of every login shows in the CPU per login. Printed per login for the service's and the floor's rounds.
/// </summary>
public static class FirstChanceExceptions
{
    private static long _count;

    public static long Count => Interlocked.Read(ref _count);

    public static void Start() => AppDomain.CurrentDomain.FirstChanceException += (_, _) => Interlocked.Increment(ref _count);
}
