using Azure.Monitor.OpenTelemetry.Exporter;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Azure.Functions.Worker.OpenTelemetry;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using SmsOtp.Core.Telemetry;

namespace SmsOtp.Functions;

/// <summary>
/// The worker's OpenTelemetry, as Azure Functions documents it: <c>UseFunctionsWorkerDefaults()</c> (the worker
/// exports its own logs and spans; the host, in <c>"telemetryMode": "OpenTelemetry"</c> (host.json), no longer
/// forwards them) and the Azure Monitor exporter, when <c>APPLICATIONINSIGHTS_CONNECTION_STRING</c> is set. With
/// <c>APPLICATIONINSIGHTS_AUTHENTICATION_STRING</c> (<c>Authorization=AAD;ClientId=...</c>, as infra/ sets it, since
/// the Application Insights component accepts Entra ID only) the exporter signs in as that managed identity.
/// Without a connection string nothing is collected, and the host keeps the worker's logs as before.
/// </summary>
public static class FunctionsTelemetry
{
    public const string ConnectionStringSetting = "APPLICATIONINSIGHTS_CONNECTION_STRING";

    /// <summary>
    /// The worker's own invocation span ("Invoke", a child of the host's trigger span). During a queue-triggered
    /// delivery it is the current span, which the <c>smsotp.delivery</c> span links (its parent is the send).
    /// </summary>
    public const string WorkerActivitySource = "Microsoft.Azure.Functions.Worker";

    public static void AddFunctionsTelemetry(this FunctionsApplicationBuilder builder)
    {
        var connectionString = builder.Configuration[ConnectionStringSetting];
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            return;
        }

        var authentication = AzureMonitorAuthentication.Parse(builder.Configuration[AzureMonitorAuthentication.SettingName]);
        builder.Services.AddOpenTelemetry()
            .UseFunctionsWorkerDefaults()
            .WithTracing(tracing => tracing.AddSmsOtpInstrumentation().AddSource(WorkerActivitySource))
            .WithMetrics(metrics => metrics.AddSmsOtpInstrumentation())
            .UseAzureMonitorExporter(options =>
            {
                options.ConnectionString = connectionString;
                if (authentication is not null)
                {
                    options.Credential = authentication.CreateCredential();
                }
            });
    }
}
