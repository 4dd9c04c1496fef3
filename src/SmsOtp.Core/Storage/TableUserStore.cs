using Azure.Data.Tables;

namespace SmsOtp.Core.Storage;

/// <summary>Azure Table Storage implementation: point reads and ETag-conditional writes only.</summary>
public sealed class TableUserStore(UsersTable table) : IUserStore
{
    private readonly TableClient _table = table.Client;

    public async Task<UserRecord?> GetAsync(string partitionKey, CancellationToken cancellationToken)
    {
        var response = await _table.GetEntityIfExistsAsync<UserRecord>(partitionKey, UserRecord.Row, cancellationToken: cancellationToken).ConfigureAwait(false);
        return response.HasValue ? response.Value : null;
    }

    public async Task<ETag> InsertAsync(UserRecord record, CancellationToken cancellationToken)
    {
        try
        {
            var response = await _table.AddEntityAsync(record, cancellationToken).ConfigureAwait(false);
            return response.Headers.ETag ?? default;
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            throw new ConcurrencyConflictException("The row was created concurrently.", e);
        }
    }

    public async Task<ETag> ReplaceAsync(UserRecord record, ETag ifMatch, CancellationToken cancellationToken)
    {
        try
        {
            var response = await _table.UpdateEntityAsync(record, ifMatch, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
            return response.Headers.ETag ?? default;
        }
        catch (RequestFailedException e) when (e.Status is 412 or 404)
        {
            throw new ConcurrencyConflictException("The row changed concurrently.", e);
        }
    }

    public async Task<ETag> MergeAsync(string partitionKey, IDictionary<string, object?> properties, ETag ifMatch, CancellationToken cancellationToken)
    {
        var entity = new TableEntity(partitionKey, UserRecord.Row);
        foreach (var (key, value) in properties)
        {
            entity[key] = value;
        }

        try
        {
            var response = await _table.UpdateEntityAsync(entity, ifMatch, TableUpdateMode.Merge, cancellationToken).ConfigureAwait(false);
            return response.Headers.ETag ?? default;
        }
        catch (RequestFailedException e) when (e.Status is 412 or 404)
        {
            throw new ConcurrencyConflictException("The row changed concurrently.", e);
        }
    }

    public async Task<UserRecord?> FindByKeyPrefixAsync(string prefix, CancellationToken cancellationToken)
    {
        // Row keys are base64url, whose alphabet sorts below '~': [prefix, prefix + '~') holds exactly the keys that start with it.
        var filter = TableClient.CreateQueryFilter($"PartitionKey ge {prefix} and PartitionKey lt {prefix + "~"} and RowKey eq {UserRecord.Row}");
        await foreach (var record in _table.QueryAsync<UserRecord>(filter, maxPerPage: 2, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            return record;
        }

        return null;
    }

    public async Task DeleteAsync(string partitionKey, CancellationToken cancellationToken) =>
        await _table.DeleteEntityAsync(partitionKey, UserRecord.Row, ETag.All, cancellationToken).ConfigureAwait(false);

    public async Task CheckAsync(CancellationToken cancellationToken) =>
        await _table.GetEntityIfExistsAsync<TableEntity>("health", "health", ["PartitionKey"], cancellationToken).ConfigureAwait(false);
}

/// <summary>
/// How callers use this store's conditional writes: runs read-decide-write steps until the conditional write wins. Each round at least one contender
/// wins, so the loop ends; the cap only turns a pathological storm into a 503.
/// </summary>
internal static class OptimisticConcurrency
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
