using System.Globalization;
using SmsOtp.Core.Users;

namespace SmsOtp.Benchmarks;

/// <summary>A seeded user: tenant <c>bench</c>, a unique valid Sri Lankan mobile number per index.</summary>
public sealed record BenchUser(int Index)
{
    public const string Tenant = "bench";

    public string UserId { get; } = "PRIMARY/user" + Index.ToString("D7", CultureInfo.InvariantCulture) + "@example.com";
    public string Mobile { get; } = "+9477" + Index.ToString("D7", CultureInfo.InvariantCulture);
    public string PartitionKey => new UserKey(Tenant, UserId).PartitionKey;
}
