using Azure;

namespace SmsOtp.Tests.Infrastructure;

/// <summary>
/// The real table store, losing the answer of the first write that <see cref="Loses"/> picks (after applying it, or
/// instead), then failing the next <c>failedReads</c> reads: a connection reset at the worst moment, on Azurite.
/// </summary>
public sealed class LosingStore(TableUserStore inner, bool landed, int failedReads) : IUserStore
{
    private int _lost;
    private int _readsToFail = failedReads;

    /// <summary>Which write loses its answer: a merge's properties or a replaced row (null for the other kind).</summary>
    public Func<IDictionary<string, object?>?, UserRecord?, bool> Loses { get; set; } = (_, _) => false;

    public int Lost => Volatile.Read(ref _lost);

    public static void Decorate(IServiceCollection services, bool landed, int failedReads, Func<IDictionary<string, object?>?, UserRecord?, bool> loses)
    {
        services.AddSingleton<TableUserStore>();
        services.AddSingleton(p => new LosingStore(p.GetRequiredService<TableUserStore>(), landed, failedReads) { Loses = loses });
        services.AddSingleton<IUserStore>(p => p.GetRequiredService<LosingStore>());
    }

    public async Task<ETag> MergeAsync(string partitionKey, IDictionary<string, object?> properties, ETag ifMatch, CancellationToken cancellationToken)
    {
        if (Loses(properties, null) && Interlocked.CompareExchange(ref _lost, 1, 0) == 0)
        {
            if (landed)
            {
                await inner.MergeAsync(partitionKey, properties, ifMatch, cancellationToken);
            }

            throw new RequestFailedException("The connection was reset before the answer arrived.");
        }

        return await inner.MergeAsync(partitionKey, properties, ifMatch, cancellationToken);
    }

    public async Task<ETag> ReplaceAsync(UserRecord record, ETag ifMatch, CancellationToken cancellationToken)
    {
        if (Loses(null, record) && Interlocked.CompareExchange(ref _lost, 1, 0) == 0)
        {
            if (landed)
            {
                await inner.ReplaceAsync(record, ifMatch, cancellationToken);
            }

            throw new RequestFailedException("The connection was reset before the answer arrived.");
        }

        return await inner.ReplaceAsync(record, ifMatch, cancellationToken);
    }

    public Task<UserRecord?> GetAsync(string partitionKey, CancellationToken cancellationToken) =>
        Lost == 1 && Interlocked.Decrement(ref _readsToFail) >= 0
            ? throw new AggregateException("Retry failed after 3 tries.", new RequestFailedException("The connection was refused."))
            : inner.GetAsync(partitionKey, cancellationToken);

    public Task<ETag> InsertAsync(UserRecord record, CancellationToken cancellationToken) => inner.InsertAsync(record, cancellationToken);

    public Task<UserRecord?> FindByKeyPrefixAsync(string prefix, CancellationToken cancellationToken) => inner.FindByKeyPrefixAsync(prefix, cancellationToken);

    public Task DeleteAsync(string partitionKey, CancellationToken cancellationToken) => inner.DeleteAsync(partitionKey, cancellationToken);

    public Task CheckAsync(CancellationToken cancellationToken) => inner.CheckAsync(cancellationToken);
}
