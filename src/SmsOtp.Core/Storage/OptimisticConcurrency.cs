namespace SmsOtp.Core.Storage;

/// <summary>
/// Runs read-decide-write steps until the conditional write wins. Each round at least one contender
/// wins, so the loop ends; the cap only turns a pathological storm into a 503.
/// </summary>
public static class OptimisticConcurrency
{
    public const int MaxRounds = 200;

    public static async Task<T> RunAsync<T>(Func<Task<T>> step, CancellationToken cancellationToken)
    {
        for (var round = 0; ; round++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                return await step().ConfigureAwait(false);
            }
            catch (ConcurrencyConflictException) when (round < MaxRounds)
            {
                await Task.Yield();
            }
        }
    }
}
