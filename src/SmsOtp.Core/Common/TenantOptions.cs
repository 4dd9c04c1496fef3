using Microsoft.Extensions.Primitives;

namespace SmsOtp.Core.Common;

/// <summary>
/// A feature's options for one tenant (spec §10.1): its global section, with
/// <c>SmsOtp:Tenants:&lt;tenant&gt;</c> (the same path below it) on top; a tenant's own list (<c>Providers</c>,
/// <c>Pages:AllowedReturnUrls</c>) replaces the global one. The one place a tenant's settings are resolved:
/// every decision asks it with the tenant at hand. A tenant without a section gets the global options (and
/// costs no cache entry, so arbitrary tenant names cannot grow the cache). A configuration reload clears the
/// cache, so changed tenant settings apply without a restart where the host reloads configuration.
/// </summary>
public sealed class TenantOptions<TOptions> : ITenantOptions, IDisposable
    where TOptions : class
{
    private readonly Func<TOptions> _global;
    private readonly Func<string, TOptions?> _tenant;
    private readonly IDisposable _reload;

    public TenantOptions(IOptionsMonitor<TOptions> monitor, IOptionsMonitorCache<TOptions> cache, IConfiguration configuration)
    {
        _global = () => monitor.CurrentValue;
        _tenant = tenant => Tenants.IsConfigured(configuration, tenant) ? monitor.Get(tenant) : null;
        _reload = ChangeToken.OnChange(configuration.GetReloadToken, cache.Clear);
    }

    /// <summary>The global options (no tenant section applied).</summary>
    public TOptions Global => _global();

    public TOptions For(string? tenant) => (tenant is { Length: > 0 } ? _tenant(tenant) : null) ?? _global();

    void ITenantOptions.Resolve(string tenant) => _ = For(tenant);

    public void Dispose() => _reload.Dispose();
}
