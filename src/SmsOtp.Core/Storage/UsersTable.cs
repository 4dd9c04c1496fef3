using Azure.Data.Tables;

namespace SmsOtp.Core.Storage;

/// <summary>
/// The service's table (<c>SmsOtp:Storage:UsersTable</c>): the user rows and the limiters' rows share it, so
/// one long-lived <see cref="TableClient"/> serves them all.
/// </summary>
public sealed class UsersTable(TableServiceClient service, IOptions<StorageOptions> names)
{
    public TableClient Client { get; } = service.GetTableClient(names.Value.UsersTable);
}
