using SmsOtp.LocalServer;

namespace SmsOtp.Tests.Telemetry;

/// <summary>
/// The local server's exporters as configured by settings alone: OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is
/// set (a WireMock collector receives traces and metrics over http/protobuf), Prometheus only when on.
/// </summary>
public sealed class ExportWiringTests
{
    [Fact]
    public async Task With_an_otlp_endpoint_the_local_server_exports_traces_and_metrics_there()
    {
        using var collector = WireMockServer.Start();
        collector.Given(Request.Create().UsingPost()).RespondWith(Response.Create().WithStatusCode(200));
        await using var server = await LocalServerHost.StartAsync(new Dictionary<string, string?>
        {
            [LocalServerTelemetry.OtlpEndpointSetting] = collector.Url,
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_BSP_SCHEDULE_DELAY"] = "100",
            ["OTEL_METRIC_EXPORT_INTERVAL"] = "200",
            [TelemetryOptions.SectionName + ":Prometheus"] = "false",
        });

        var response = await server.PostAsync("api/otp/send", new { tenant = "otlp", userId = "nobody" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await TelemetryCapture.EventuallyAsync(() => collector.LogEntries.Any(e => e.RequestMessage.Path == "/v1/traces"), "OTLP traces");
        await TelemetryCapture.EventuallyAsync(() => collector.LogEntries.Any(e => e.RequestMessage.Path == "/v1/metrics"), "OTLP metrics");
        Assert.Contains(collector.LogEntries, e => e.RequestMessage.Headers!["Content-Type"].ToString()!.Contains("application/x-protobuf", StringComparison.Ordinal));

        // Prometheus is off: no scraping endpoint.
        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("metrics")).StatusCode);
    }

    [Fact]
    public async Task A_scraping_path_under_the_api_stops_the_start_naming_the_key()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            await using var server = await LocalServerHost.StartAsync(new Dictionary<string, string?>
            {
                [TelemetryOptions.SectionName + ":Prometheus"] = "true",
                [TelemetryOptions.SectionName + ":PrometheusPath"] = "/api/metrics",
            });
        });
        Assert.Contains("SmsOtp:Telemetry:PrometheusPath", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Prometheus_answers_at_its_configured_path()
    {
        await using var server = await LocalServerHost.StartAsync(new Dictionary<string, string?>
        {
            [TelemetryOptions.SectionName + ":Prometheus"] = "true",
            [TelemetryOptions.SectionName + ":PrometheusPath"] = "/internal/metrics",
        });
        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        var text = await http.GetStringAsync("internal/metrics");
        Assert.Contains("# TYPE smsotp_receipts_total counter", text, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("metrics")).StatusCode);
    }
}
