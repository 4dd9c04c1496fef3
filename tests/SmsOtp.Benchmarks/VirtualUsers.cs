using System.Diagnostics;

namespace SmsOtp.Benchmarks;

/// <summary>
/// Runs <c>count</c> logins on <c>concurrency</c> virtual users. Worker <c>w</c> only ever uses users whose
/// index is <c>w</c> modulo the concurrency, so no two logins in flight share a user (a new send would
/// supersede the other's code).
/// </summary>
public static class VirtualUsers
{
    public static async Task<LoadResult> RunAsync(int count, int concurrency, int userPool, bool randomUsers,
        Func<BenchUser, LoadResult, CancellationToken, Task> login, CancellationToken cancellationToken)
    {
        var result = new LoadResult();
        var next = 0;
        var perWorker = Math.Max(1, userPool / concurrency);
        var started = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(worker => Task.Run(async () =>
        {
            var random = new Random(worker * 7919 + userPool);
            for (var j = 0; Interlocked.Increment(ref next) <= count; j++)
            {
                var slot = randomUsers ? random.Next(perWorker) : j % perWorker;
                await login(new BenchUser(worker + concurrency * slot), result, cancellationToken).ConfigureAwait(false);
            }
        }, cancellationToken))).ConfigureAwait(false);
        result.Elapsed = Stopwatch.GetElapsedTime(started);
        return result;
    }
}
