namespace SmsOtp.Core.Storage;

/// <summary>
/// Storage cannot serve the request: its table or queue is missing (a storage account restored or recreated
/// empty), so no decision may be taken on what it answered. The request answers 503; the service re-creates
/// what is missing in the background (<see cref="StorageProvisioner"/>).
/// </summary>
public sealed class StorageUnavailableException(string reason) : Exception($"Storage is unavailable: {reason}.")
{
    public string Reason { get; } = reason;
}
