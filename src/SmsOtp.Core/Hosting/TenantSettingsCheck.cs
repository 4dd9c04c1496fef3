namespace SmsOtp.Core.Hosting;

/// <summary>
/// <c>SmsOtp:Tenants</c> at start-up (spec §10.1): each tenant's name is one a request can give, each key is one a
/// tenant may override (a typo such as <c>TokenLenght</c> would otherwise be silently ignored), and each feature's
/// options for the tenant bind and validate, every failure naming the whole key
/// (<c>SmsOtp:Tenants:beta:TokenLength must be ...</c>). All failures are reported at once.
/// </summary>
public sealed class TenantSettingsCheck(IConfiguration configuration, IEnumerable<ITenantOptions> features) : IStartupCheck
{
    /// <summary>The §5 policy keys a tenant may not set: they size the service, not a tenant's sign-in.</summary>
    private static readonly HashSet<string> GlobalOnly = new([nameof(PolicyOptions.MaxSmsSegments)], StringComparer.OrdinalIgnoreCase);

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var errors = new List<string>();
        foreach (var tenant in configuration.GetSection(Tenants.SectionName).GetChildren())
        {
            if (!TenantNames.IsValid(tenant.Key))
            {
                errors.Add($"{tenant.Path} is not a tenant name: a tenant is {TenantNames.Rule}.");
                continue;
            }

            foreach (var leaf in Leaves(tenant))
            {
                if (!IsOverridable(leaf.Path[(tenant.Path.Length + 1)..].Split(':')))
                {
                    errors.Add($"{leaf.Path} is not a setting a tenant can override (spec §10.1: the policy keys, MessageTemplates, "
                        + "DefaultRegion, AllowedCountryCodes, RateLimits, FraudGuard:MaxSmsPerHour, TrustedDevices:Days, Pages:AppName, Pages:AllowedReturnUrls, Providers, TestNumbers).");
                }
            }

            foreach (var feature in features)
            {
                try
                {
                    feature.Resolve(tenant.Key);
                }
                catch (OptionsValidationException e)
                {
                    errors.AddRange(e.Failures);
                }
            }
        }

        return errors.Count == 0 ? Task.CompletedTask : throw new OptionsValidationException(Tenants.SectionName, typeof(TenantSettingsCheck), errors);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Whether a key below a tenant's section (split at ':') is one of spec §10.1's.</summary>
    public static bool IsOverridable(string[] key) => key[0] switch
    {
        var k when Is(k, nameof(PolicyOptions.AccountLock)) => key.Length == 2 && HasProperty<AccountLockOptions>(key[1]),
        var k when Is(k, nameof(PolicyOptions.MessageTemplates)) || Is(k, nameof(PolicyOptions.PaymentTemplates)) => key.Length == 2,
        var k when Is(k, "RateLimits") => key.Length == 2 && HasProperty<RateLimitOptions>(key[1]),
        var k when Is(k, "Pages") => key.Length >= 2 && ((key.Length == 2 && Is(key[1], "AppName")) || (key.Length == 3 && Is(key[1], "AllowedReturnUrls"))),
        var k when Is(k, "FraudGuard") => key.Length == 2 && Is(key[1], "MaxSmsPerHour"),
        var k when Is(k, "Providers") => true,
        var k when Is(k, "TrustedDevices") => key.Length == 2 && Is(key[1], "Days"),
        var k when Is(k, nameof(PolicyOptions.TestNumbers)) => key.Length == 3 && (Is(key[2], "Number") || Is(key[2], "Code")),
        var k when Is(k, "DefaultRegion") || Is(k, "AllowedCountryCodes") => key.Length == 1,
        var k => key.Length == 1 && !GlobalOnly.Contains(k) && HasProperty<PolicyOptions>(k),
    };

    private static bool Is(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

    private static bool HasProperty<T>(string name) =>
        typeof(T).GetProperties().Any(p => p.CanWrite && Is(p.Name, name));

    private static IEnumerable<IConfigurationSection> Leaves(IConfigurationSection section) =>
        section.GetChildren().SelectMany(child => child.GetChildren().Any() ? Leaves(child) : [child]);
}
