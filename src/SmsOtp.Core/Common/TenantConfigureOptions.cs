using System.Collections;

namespace SmsOtp.Core.Common;

/// <summary>
/// Binds the named options of a tenant: the global section first, then the tenant's section (the same path
/// under <c>SmsOtp:Tenants:&lt;tenant&gt;</c>) on top. A list the tenant sets is the tenant's alone (the binder
/// would append it to the global one). The default name is left to the global binding.
/// </summary>
public sealed class TenantConfigureOptions<TOptions>(IConfiguration configuration, string section) : IConfigureNamedOptions<TOptions>
    where TOptions : class
{
    public void Configure(TOptions options) => Configure(Options.DefaultName, options);

    public void Configure(string? name, TOptions options)
    {
        if (string.IsNullOrEmpty(name))
        {
            return;
        }

        configuration.GetSection(section).Bind(options);
        var own = configuration.GetSection(Tenants.KeyFor(name, section));
        ClearListsSetBy(own, options);
        own.Bind(options);
    }

    private static void ClearListsSetBy(IConfigurationSection tenant, object options)
    {
        foreach (var property in options.GetType().GetProperties())
        {
            var child = tenant.GetSection(property.Name);
            if (!child.Exists() || !property.CanRead)
            {
                continue;
            }

            switch (property.GetValue(options))
            {
                case IList list when !list.IsFixedSize:
                    list.Clear();
                    break;
                case { } nested when property.PropertyType.IsClass && property.PropertyType != typeof(string)
                                     && property.PropertyType.Name.EndsWith("Options", StringComparison.Ordinal):
                    ClearListsSetBy(child, nested);
                    break;
            }
        }
    }
}
