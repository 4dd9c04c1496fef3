using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using SmsOtp.Core.Telemetry;

namespace SmsOtp.LocalServer;

/// <summary>
/// The local server's exporters (spec §11): OTLP (traces, metrics and logs) when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>
/// is set, with the protocol and headers of the standard <c>OTEL_EXPORTER_OTLP_*</c> settings; Prometheus text at
/// <c>SmsOtp:Telemetry:PrometheusPath</c> (<c>/metrics</c>) when <c>SmsOtp:Telemetry:Prometheus</c> is true (the
/// default in Development). A signal nothing exports is not collected at all: no spans are built for nobody.
/// </summary>
public static class LocalServerTelemetry
{
    public const string OtlpEndpointSetting = "OTEL_EXPORTER_OTLP_ENDPOINT";
    public const string DefaultServiceName = "smsotp-local";

    public static void Add(WebApplicationBuilder builder)
    {
        var options = Options(builder.Configuration);
        var prometheus = options.PrometheusEnabled(builder.Environment);
        var otlp = !string.IsNullOrWhiteSpace(builder.Configuration[OtlpEndpointSetting]);
        if (!prometheus && !otlp)
        {
            return;
        }

        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(builder.Configuration["OTEL_SERVICE_NAME"] ?? DefaultServiceName))
            .WithMetrics(metrics =>
            {
                metrics.AddSmsOtpInstrumentation();
                if (prometheus)
                {
                    metrics.AddPrometheusExporter();
                }
            });
        if (otlp)
        {
            telemetry.WithTracing(tracing => tracing.AddSmsOtpInstrumentation()).UseOtlpExporter();
        }
    }

    /// <summary>
    /// The scraping endpoint, outside <c>/api</c>: no API route (the route table equals the Functions app's), no
    /// function key, and not counted in the HTTP metrics it serves.
    /// </summary>
    public static void Map(WebApplication app)
    {
        var options = Options(app.Configuration);
        // An invalid path is left to the start-up validation, which names the key.
        if (options.PrometheusEnabled(app.Environment) && options.PrometheusPathIsValid)
        {
            app.MapPrometheusScrapingEndpoint(options.PrometheusPath).DisableHttpMetrics();
        }
    }

    private static TelemetryOptions Options(IConfiguration configuration) =>
        configuration.GetSection(TelemetryOptions.SectionName).Get<TelemetryOptions>() ?? new TelemetryOptions();
}
