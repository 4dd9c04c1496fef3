namespace SmsOtp.Core.Storage;

/// <summary>
/// The user rows. Writes are conditional: <see cref="ReplaceAsync"/> and <see cref="MergeAsync"/> take the
/// ETag that was read and throw <see cref="ConcurrencyConflictException"/> when the row changed since.
/// </summary>
public interface IUserStore
{
    Task<UserRecord?> GetAsync(string partitionKey, CancellationToken cancellationToken);

    /// <summary>Inserts a new row; conflicts when one already exists. Returns the new ETag.</summary>
    Task<ETag> InsertAsync(UserRecord record, CancellationToken cancellationToken);

    /// <summary>Replaces the row if it still has <paramref name="ifMatch"/>. Returns the new ETag.</summary>
    Task<ETag> ReplaceAsync(UserRecord record, ETag ifMatch, CancellationToken cancellationToken);

    /// <summary>Sets only the given properties if the row still has <paramref name="ifMatch"/>.</summary>
    Task<ETag> MergeAsync(string partitionKey, IDictionary<string, object?> properties, ETag ifMatch, CancellationToken cancellationToken);

    /// <summary>
    /// The row whose key starts with <paramref name="prefix"/> (16 of its 22 characters, 96 bits), for a BulkSMS receipt
    /// whose 20-character reference cannot hold a whole key (spec §8): one range query on the key, one storage transaction.
    /// </summary>
    Task<UserRecord?> FindByKeyPrefixAsync(string prefix, CancellationToken cancellationToken);

    /// <summary>Deletes the row whatever its state; a missing row is not an error.</summary>
    Task DeleteAsync(string partitionKey, CancellationToken cancellationToken);

    /// <summary>A point read of a row that does not exist: proves the table answers.</summary>
    Task CheckAsync(CancellationToken cancellationToken);
}
