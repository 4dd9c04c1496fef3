namespace SmsOtp.Core.Secrets;

/// <summary>Secrets from configuration (<c>SmsOtp:Secrets:&lt;name&gt;</c>), read live so a reload is seen.</summary>
public sealed class ConfigurationSecretSource(IConfiguration configuration) : ISecretSource
{
    public ValueTask<string?> GetAsync(string name, CancellationToken cancellationToken)
    {
        var value = configuration[$"SmsOtp:Secrets:{name}"];
        return ValueTask.FromResult(string.IsNullOrEmpty(value) ? null : value);
    }

    public Task CheckAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
