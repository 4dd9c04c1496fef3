namespace SmsOtp.Core.Security;

/// <summary>Loads the service keys at start-up, so a missing or malformed key stops the host then, not at the first login.</summary>
public sealed class ServiceKeysCheck(ServiceKeys keys) : IStartupCheck
{
    public async Task StartAsync(CancellationToken cancellationToken) => await keys.GetAsync(cancellationToken).ConfigureAwait(false);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
