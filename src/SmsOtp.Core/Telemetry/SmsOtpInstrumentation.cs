using System.Diagnostics;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace SmsOtp.Core.Telemetry;

/// <summary>
/// What both hosts collect, so they report the same: the <c>SmsOtp</c> source and meter, ASP.NET Core and
/// HttpClient instrumentation, and the runtime's metrics. A host adds its exporters after calling these.
/// </summary>
public static class SmsOtpInstrumentation
{
    /// <summary>
    /// Spans of the service, of the API's requests (only <c>/api</c>: no scrape or probe spans) and of the outgoing
    /// HTTP calls, each URL cut to scheme, host and port (see <see cref="RedactUrl"/>). Background loops that poll
    /// (the local server's queue listener) run their polls <see cref="SmsOtpTelemetry.Untraced"/>.
    /// </summary>
    public static TracerProviderBuilder AddSmsOtpInstrumentation(this TracerProviderBuilder tracing) =>
        tracing
            .AddSource(SmsOtpTelemetry.Name)
            .AddAspNetCoreInstrumentation(o =>
            {
                o.Filter = context => context.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase);
                o.EnrichWithHttpResponse = (activity, response) => RedactPath(activity, response.HttpContext);
            })
            .AddHttpClientInstrumentation(o =>
            {
                o.EnrichWithHttpRequestMessage = (activity, request) => RedactUrl(activity, request.RequestUri);
                o.EnrichWithHttpResponseMessage = (activity, response) => RedactUrl(activity, response.RequestMessage?.RequestUri);
            });

    /// <summary>The service's instruments, ASP.NET Core's and HttpClient's request metrics, and the runtime's.</summary>
    public static MeterProviderBuilder AddSmsOtpInstrumentation(this MeterProviderBuilder metrics) =>
        metrics
            .ConfigureServices(services => services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, InstrumentAnnouncer>()))
            .AddMeter(SmsOtpTelemetry.Name)
            .AddAspNetCoreInstrumentation()
            .AddHttpClientInstrumentation()
            .AddRuntimeInstrumentation();

    /// <summary>
    /// A request's path is recorded as the route it matched: the API's routes have no parameters (user ids travel
    /// in the query, whose values are redacted), so this changes nothing for them, and a path the API does not
    /// serve, which a client may have filled with anything, is recorded as the fallback's pattern.
    /// </summary>
    internal static void RedactPath(Activity activity, HttpContext context) =>
        activity.SetTag("url.path", (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText);

    /// <summary>
    /// An outgoing request's URL is kept as scheme, host and port only, for every client: a provider's template
    /// may put the number, the code or a secret anywhere in its path or query, and a storage or Key Vault path
    /// names rows and secrets. (The runtime already redacts query values; the path it keeps.) The HTTP metrics
    /// carry no path at all.
    /// </summary>
    internal static void RedactUrl(Activity activity, Uri? uri)
    {
        if (uri is { IsAbsoluteUri: true })
        {
            activity.SetTag("url.full", uri.GetComponents(UriComponents.SchemeAndServer, UriFormat.UriEscaped) + "/");
        }
        else
        {
            activity.SetTag("url.full", null);
        }

        activity.SetTag("url.path", null);
        activity.SetTag("url.query", null);
        activity.SetTag("http.url", null);
        activity.SetTag("http.target", null);
    }
}
