namespace SmsOtp.Core.Providers;

/// <summary>
/// At start-up, reads every secret the configured providers refer to (<c>{secret:NAME}</c> in a template,
/// or a preset's credentials), so a missing one stops the host with its name (never a value) instead of
/// failing the first login. The service keys are checked by <see cref="Security.ServiceKeysCheck"/>.
/// </summary>
public sealed class ProviderSecretsCheck(ISecretSource secrets, TenantOptions<ProviderListOptions> options, IConfiguration configuration,
    IOptions<SecretOptions> secretOptions) : IStartupCheck
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var missing = new List<string>();
        var lists = new List<(string Key, List<ProviderOptions> Providers)> { ($"{ProviderListOptions.SectionName}:Providers", options.Global.Providers) };
        foreach (var tenant in configuration.GetSection(Tenants.SectionName).GetChildren())
        {
            if (tenant.GetSection("Providers").Exists())
            {
                lists.Add(($"{Tenants.KeyFor(tenant.Key, ProviderListOptions.SectionName)}:Providers", options.For(tenant.Key).Providers));
            }
        }

        foreach (var (key, providers) in lists)
        {
            for (var i = 0; i < providers.Count; i++)
            {
                foreach (var name in ProviderPresets.Build(providers[i], i).SecretNames)
                {
                    if (await secrets.GetAsync(name, cancellationToken).ConfigureAwait(false) is null)
                    {
                        missing.Add($"'{name}' ({key}:{i})");
                    }
                }
            }
        }

        if (missing.Count > 0)
        {
            var vault = secretOptions.Value.KeyVaultUri;
            var where = string.IsNullOrWhiteSpace(vault) ? "set SmsOtp:Secrets:<name>" : $"add the secret to the Key Vault {vault}";
            throw new InvalidOperationException($"Provider secret(s) not found: {string.Join(", ", missing)}; {where}.");
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
