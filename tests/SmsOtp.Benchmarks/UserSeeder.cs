using System.Diagnostics;
using Azure.Data.Tables;
using SmsOtp.Core.Storage;

namespace SmsOtp.Benchmarks;

/// <summary>
/// Writes user profiles straight into a table, in the service's own row format. Each user is its own
/// partition (the key is a hash), so entity group transactions (one partition each) cannot batch them:
/// seeding is parallel single inserts instead.
/// </summary>
public static class UserSeeder
{
    public static UserRecord Profile(BenchUser user) => new()
    {
        PartitionKey = user.PartitionKey,
        Tenant = BenchUser.Tenant,
        UserId = user.UserId,
        HasProfile = true,
        Mobile = user.Mobile,
    };

    /// <summary>Upserts users [from, to) and returns how long it took.</summary>
    public static async Task<TimeSpan> SeedAsync(TableClient table, int from, int to, int parallelism, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        await Parallel.ForEachAsync(Enumerable.Range(from, to - from),
            new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken },
            async (i, ct) => await table.UpsertEntityAsync(Profile(new BenchUser(i)), TableUpdateMode.Replace, ct).ConfigureAwait(false)).ConfigureAwait(false);
        return Stopwatch.GetElapsedTime(started);
    }
}
