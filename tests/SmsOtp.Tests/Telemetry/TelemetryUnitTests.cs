using System.Diagnostics;
using Microsoft.Extensions.Hosting;

namespace SmsOtp.Tests.Telemetry;

/// <summary>The pieces of the telemetry feature that need no server.</summary>
public sealed class TelemetryUnitTests
{
    [Theory]
    [InlineData("+94778888888", "94")]
    [InlineData("94778888888", "94")]
    [InlineData("+14155550123", "1")]
    [InlineData("+447700900123", "44")]
    [InlineData("+79161234567", "7")]
    [InlineData("+8613800138000", "86")]
    [InlineData("+35312345678", "353")]
    [InlineData("+8821234567", "882")]
    [InlineData("9477", "94")]
    [InlineData("+0123", null)]
    [InlineData("+", null)]
    [InlineData("", null)]
    [InlineData(null, null)]
    public void Only_the_calling_code_of_a_number_is_kept(string? number, string? expected) =>
        Assert.Equal(expected, CallingCodes.Of(number));

    [Fact]
    public void A_calling_code_is_looked_up_without_allocating()
    {
        Assert.Equal("94", CallingCodes.Of("+94778888888"));
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            CallingCodes.Of("+94778888888");
        }

        Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
    }

    [Theory]
    [InlineData("21211", "21211")]
    [InlineData("401", "401")]
    [InlineData("secret-missing:twilio-auth-token", "secret-missing:twilio-auth-token")]
    [InlineData("timeout", "timeout")]
    [InlineData("cannot deliver to +94778888888", "redacted")]
    [InlineData("94778888", "redacted")]
    [InlineData("", null)]
    [InlineData(null, null)]
    public void A_providers_error_code_never_carries_a_number(string? code, string? expected) =>
        Assert.Equal(expected, Tags.SafeErrorCode(code));

    [Fact]
    public void A_long_error_code_is_cut() => Assert.Equal(64, Tags.SafeErrorCode(new string('x', 200))!.Length);

    [Theory]
    [InlineData("ClientId=11111111-2222-3333-4444-555555555555;Authorization=AAD", "11111111-2222-3333-4444-555555555555")]
    [InlineData("Authorization=AAD; ClientId=abc", "abc")]
    [InlineData("authorization=aad", null)]
    public void The_authentication_string_asks_for_a_managed_identity(string setting, string? clientId)
    {
        var parsed = AzureMonitorAuthentication.Parse(setting);
        Assert.NotNull(parsed);
        Assert.Equal(clientId, parsed.ClientId);
        Assert.IsType<Azure.Identity.ManagedIdentityCredential>(parsed.CreateCredential());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("ClientId=abc")]
    [InlineData("Authorization=Key")]
    public void Without_Authorization_AAD_the_exporter_keeps_its_default(string? setting) =>
        Assert.Null(AzureMonitorAuthentication.Parse(setting));

    [Theory]
    [InlineData(null, "Development", true)]
    [InlineData(null, "Production", false)]
    [InlineData(false, "Development", false)]
    [InlineData(true, "Production", true)]
    public void Prometheus_is_on_in_Development_unless_set(bool? setting, string environment, bool expected) =>
        Assert.Equal(expected, new TelemetryOptions { Prometheus = setting }.PrometheusEnabled(new Environment(environment)));

    [Theory]
    [InlineData("/metrics", true)]
    [InlineData("/internal/metrics", true)]
    [InlineData("metrics", false)]
    [InlineData("/", false)]
    [InlineData("/api/metrics", false)]
    [InlineData("/API", false)]
    public void The_scraping_path_must_be_outside_the_api(string path, bool valid)
    {
        var result = new OptionsValidator<TelemetryOptions>(TelemetryOptions.SectionName).Validate(null, new TelemetryOptions { PrometheusPath = path });
        Assert.Equal(valid, result.Succeeded);
        if (!valid)
        {
            Assert.Contains("SmsOtp:Telemetry:PrometheusPath", result.FailureMessage, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void An_outgoing_url_keeps_scheme_host_and_port_only()
    {
        using var activity = new Activity("http").Start();
        activity.SetTag("url.full", "https://api.example.com:8443/sms/%2B94778888888/123456?key=Redacted");
        SmsOtpInstrumentation.RedactUrl(activity, new Uri("https://user:pass@api.example.com:8443/sms/%2B94778888888/123456?key=sk_live"));
        Assert.Equal("https://api.example.com:8443/", activity.GetTagItem("url.full"));

        SmsOtpInstrumentation.RedactUrl(activity, new Uri("http://127.0.0.1:10001/account/users(PartitionKey='pk')"));
        Assert.Equal("http://127.0.0.1:10001/", activity.GetTagItem("url.full"));
    }

    [Fact]
    public void On_the_Functions_host_a_delivery_is_the_child_of_its_send_and_links_the_trigger()
    {
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name is SmsOtpTelemetry.Name or "test.trigger",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(listener);
        using var triggerSource = new ActivitySource("test.trigger");

        string traceParent;
        ActivityContext send;
        using (var sendSpan = SmsOtpTelemetry.StartSend()!)
        {
            send = sendSpan.Context;
            traceParent = SmsOtpTelemetry.CurrentTraceParent()!;
        }

        using var trigger = triggerSource.StartActivity("Invoke SmsDelivery", ActivityKind.Server)!;
        using var delivery = SmsOtpTelemetry.StartDelivery(traceParent, "vendor=1")!;
        Assert.Equal(send.TraceId, delivery.TraceId);
        Assert.Equal(send.SpanId, delivery.ParentSpanId);
        Assert.Equal("vendor=1", delivery.TraceStateString);
        Assert.Equal(trigger.Context, Assert.Single(delivery.Links).Context);

        // A message from before telemetry (no trace context): a child of what is current.
        using var legacy = SmsOtpTelemetry.StartDelivery(null, null)!;
        Assert.Equal(delivery.SpanId, legacy.ParentSpanId);
    }

    private sealed class Environment(string name) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = name;
        public string ApplicationName { get; set; } = "test";
        public string ContentRootPath { get; set; } = AppContext.BaseDirectory;
        public Microsoft.Extensions.FileProviders.IFileProvider ContentRootFileProvider { get; set; } = new Microsoft.Extensions.FileProviders.NullFileProvider();
    }
}
