using Microsoft.Extensions.Hosting;

namespace SmsOtp.Core.Telemetry;

/// <summary>
/// <c>SmsOtp:Telemetry</c>: what the local server exports besides OTLP (which <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>
/// turns on, as OpenTelemetry defines). The Functions app exports to Azure Monitor whenever
/// <c>APPLICATIONINSIGHTS_CONNECTION_STRING</c> is set and reads nothing here.
/// </summary>
public sealed class TelemetryOptions : IValidatedOptions
{
    public const string SectionName = SectionNames.Root + ":Telemetry";

    /// <summary>Prometheus text at <see cref="PrometheusPath"/>; unset: on in Development, off elsewhere.</summary>
    public bool? Prometheus { get; set; }

    /// <summary>Where the scraping endpoint answers (outside <c>/api</c>, so it is no API route and needs no key).</summary>
    public string PrometheusPath { get; set; } = "/metrics";

    public bool PrometheusEnabled(IHostEnvironment environment) => Prometheus ?? DevelopmentEnvironment.Is(environment);

    /// <summary>A path that starts with '/' and is not under <c>/api</c> (checked on start; an invalid one is not mapped).</summary>
    public bool PrometheusPathIsValid =>
        !string.IsNullOrWhiteSpace(PrometheusPath) && PrometheusPath.StartsWith('/') && PrometheusPath.Length >= 2
        && !PrometheusPath.Equals("/api", StringComparison.OrdinalIgnoreCase) && !PrometheusPath.StartsWith("/api/", StringComparison.OrdinalIgnoreCase);

    public void Validate(OptionsErrors errors)
    {
        if (!PrometheusPathIsValid)
        {
            errors.Add($"{errors.Prefix}{nameof(PrometheusPath)} must be a path that starts with '/' and is not under /api (was '{PrometheusPath}').");
        }
    }
}
