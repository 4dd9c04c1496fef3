using Microsoft.Extensions.Hosting;

namespace SmsOtp.Core.Telemetry;

/// <summary>
/// Once the meter provider runs, adds zero to the instruments whose features have not recorded yet (receipts,
/// segments, fraud-guard suspensions), so every instrument of spec §11 is listed from the start (a Prometheus
/// scrape shows only instruments with a point). Registered by <see cref="SmsOtpInstrumentation"/>, after the
/// OpenTelemetry SDK's own hosted service, which builds the provider.
/// </summary>
internal sealed class InstrumentAnnouncer : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        SmsOtpTelemetry.AnnounceInstruments();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
