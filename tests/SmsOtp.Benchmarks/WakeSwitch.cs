namespace SmsOtp.Benchmarks;

/// <summary>
/// Whether a send in the server process wakes its queue listener at once (the local server's behaviour),
/// or leaves it to find the message by polling (the Functions host's behaviour).
/// </summary>
public sealed class WakeSwitch
{
    private volatile bool _enabled = true;

    public bool Enabled
    {
        get => _enabled;
        set => _enabled = value;
    }
}
