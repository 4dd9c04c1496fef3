namespace SmsOtp.Core.Common;

/// <summary>A feature's per-tenant options as the start-up check sees them: resolving a tenant validates its settings.</summary>
public interface ITenantOptions
{
    /// <summary>Binds and validates the tenant's options; throws <see cref="Microsoft.Extensions.Options.OptionsValidationException"/> naming each bad key.</summary>
    void Resolve(string tenant);
}
