using BenchmarkDotNet.Attributes;
using SmsOtp.Core.Phone;
using SmsOtp.Testing;

namespace SmsOtp.Benchmarks.Micro;

/// <summary>Number parsing with libphonenumber (profile writes, mobile capture) and masking (every send).</summary>
[MemoryDiagnoser]
public class PhoneBenchmarks
{
    private readonly MobileNumberParser _international = new(FixedTenantOptions.Of(new PhoneOptions()));
    private readonly MobileNumberParser _national = new(FixedTenantOptions.Of(new PhoneOptions { DefaultRegion = "LK", AllowedCountryCodes = "94,44,1" }));

    [Benchmark]
    public MobileParseResult ParseInternational() => _international.Parse("+94 77 888-8888");

    [Benchmark]
    public MobileParseResult ParseNationalWithAllowList() => _national.Parse("077 888 8888");

    [Benchmark]
    public string Mask() => MobileMask.Mask("+94778888888");
}
