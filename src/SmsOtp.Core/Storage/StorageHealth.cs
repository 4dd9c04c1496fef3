namespace SmsOtp.Core.Storage;

/// <summary>
/// Where storage calls report a missing table or queue, and where <see cref="StorageProvisioner"/> waits for
/// such a report. A separate object so the storage clients' pipeline can report without depending on the
/// provisioner (which itself uses the clients).
/// </summary>
public sealed class StorageHealth
{
    private readonly SemaphoreSlim _reported = new(0, 1);

    // 1 from a report until the provisioner has created everything again: one wake-up per outage.
    private int _missing;

    public void ReportMissing()
    {
        if (Interlocked.Exchange(ref _missing, 1) == 0)
        {
            _reported.Release();
        }
    }

    internal Task WaitForReportAsync(CancellationToken cancellationToken) => _reported.WaitAsync(cancellationToken);

    internal void Restored() => Volatile.Write(ref _missing, 0);
}
