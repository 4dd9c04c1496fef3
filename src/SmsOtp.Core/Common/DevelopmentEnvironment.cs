using Microsoft.Extensions.Hosting;

namespace SmsOtp.Core.Common;

/// <summary>
/// Whether the service runs for development: the host's environment, or <c>AZURE_FUNCTIONS_ENVIRONMENT</c>
/// (the Functions host's own setting). Development alone gets the fixed keys, the console outbox and
/// links built from the request's Host header.
/// </summary>
public static class DevelopmentEnvironment
{
    public static bool Is(IHostEnvironment environment) =>
        environment.IsDevelopment()
        || string.Equals(Environment.GetEnvironmentVariable("AZURE_FUNCTIONS_ENVIRONMENT"), Environments.Development, StringComparison.OrdinalIgnoreCase);
}
