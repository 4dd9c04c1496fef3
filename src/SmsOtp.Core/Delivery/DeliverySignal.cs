namespace SmsOtp.Core.Delivery;

/// <summary>
/// Wakes an in-process queue listener as soon as this process enqueues, so the local server delivers
/// at once instead of waiting for its next poll. The Functions host polls on its own and ignores it.
/// </summary>
public sealed class DeliverySignal
{
    private readonly SemaphoreSlim _signal = new(0, 1);

    public void Notify()
    {
        try
        {
            if (_signal.CurrentCount == 0)
            {
                _signal.Release();
            }
        }
        catch (SemaphoreFullException)
        {
            // Already signalled.
        }
    }

    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _signal.WaitAsync(timeout, cancellationToken);
}
