using Microsoft.Extensions.Options;

namespace SmsOtp.Benchmarks.Micro;

/// <summary>Options that never change, for constructing services outside a host.</summary>
public sealed class FixedOptionsMonitor<T>(T value) : IOptionsMonitor<T>
{
    public T CurrentValue => value;

    public T Get(string? name) => value;

    public IDisposable? OnChange(Action<T, string?> listener) => null;
}
