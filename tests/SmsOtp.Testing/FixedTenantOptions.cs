using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using SmsOtp.Core.Common;

namespace SmsOtp.Testing;

/// <summary>
/// The real <see cref="TenantOptions{TOptions}"/> over one value, for unit tests and benchmarks that have no
/// configuration: with no tenant sections, every tenant gets the value.
/// </summary>
public static class FixedTenantOptions
{
    public static TenantOptions<TOptions> Of<TOptions>(TOptions value)
        where TOptions : class =>
        new(new FixedMonitor<TOptions>(value), new OptionsCache<TOptions>(), new ConfigurationBuilder().Build());

    private sealed class FixedMonitor<TOptions>(TOptions value) : IOptionsMonitor<TOptions>
    {
        public TOptions CurrentValue => value;

        public TOptions Get(string? name) => value;

        public IDisposable? OnChange(Action<TOptions, string?> listener) => null;
    }
}
