using System.Text.RegularExpressions;
using static SmsOtp.Tests.Telemetry.TelemetryFlows;

namespace SmsOtp.Tests.Telemetry;

/// <summary>
/// Issue 13's "done": after a scripted run, <c>GET /metrics</c> on the running local server lists every instrument
/// of spec §11 (with values where the run produces them) and no label value holds a number, a code or a user id.
/// </summary>
public sealed partial class PrometheusScrapeTests
{
    [Fact]
    public async Task After_a_scripted_run_metrics_lists_every_instrument_and_no_label_holds_a_number_a_code_or_a_user_id()
    {
        await using var f = await StartAsync(["busy", "ok"]);
        await f.RegisterAsync("alice", Mobile);
        var (id, code) = await f.SendAndReceiveAsync("alice");
        Assert.Equal("invalid_code", await f.VerifyAsync(id, TelemetryFlowTests.NearMiss(code)));
        Assert.Equal("verified", await f.VerifyAsync(id, code));
        (id, _) = await f.SendAndReceiveAsync("alice");
        Assert.Equal("verified", await f.VerifyAsync(id, await f.ResendAndReceiveAsync(id)));
        await f.OkAsync(f.SendAsync("nobody"));

        // The scrape is no API route: a plain client (no function key, no contract check).
        using var http = new HttpClient { BaseAddress = f.Server.BaseAddress };
        var ok = f.ProviderName("ok");
        string text = "";
        await TelemetryCapture.EventuallyAsync(() =>
        {
            text = http.GetStringAsync("metrics").GetAwaiter().GetResult();
            return Value(text, "smsotp_delivery_duration_seconds_count", ("provider", ok)) == 3;
        }, "three deliveries in the scrape");
        var response = await http.GetAsync("metrics");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);

        // Every instrument of spec §11 is listed; the run's values are there with their labels.
        foreach (var name in new[]
        {
            "smsotp_sends_total", "smsotp_verifications_total", "smsotp_deliveries_total", "smsotp_delivery_duration_seconds",
            "smsotp_provider_duration_seconds", "smsotp_receipts_total", "smsotp_sms_segments_total", "smsotp_fraudguard_suspensions_total",
        })
        {
            Assert.Contains($"# TYPE {name} ", text, StringComparison.Ordinal);
        }

        var tenant = ("tenant", f.Tenant);
        Assert.Equal(3, Value(text, "smsotp_sends_total", tenant, ("outcome", "sent"), ("country", Country)));
        Assert.Equal(1, Value(text, "smsotp_sends_total", tenant, ("outcome", "skipped")));
        Assert.Equal(2, Value(text, "smsotp_verifications_total", tenant, ("status", "verified"), ("method", "sms")));
        Assert.Equal(1, Value(text, "smsotp_verifications_total", tenant, ("status", "invalid_code")));
        Assert.Equal(3, Value(text, "smsotp_deliveries_total", ("provider", ok), ("outcome", "accepted")));
        Assert.Equal(3, Value(text, "smsotp_deliveries_total", ("provider", f.ProviderName("busy")), ("outcome", "transient"), ("error_code", "503")));
        Assert.Equal(3, Value(text, "smsotp_provider_duration_seconds_count", ("provider", ok), ("outcome", "accepted")));
        Assert.True(Value(text, "smsotp_delivery_duration_seconds_sum", ("provider", ok)) > 0);
        Assert.Contains("http_server_request_duration_seconds_count{", text, StringComparison.Ordinal);
        Assert.Contains("dotnet_gc_collections_total", text, StringComparison.Ordinal);

        // No label value holds the number (any form), a code, the user id or the provider's secret; no label of the
        // service's instruments holds a run of seven digits.
        var forbidden = new[] { Mobile, Mobile[1..], Mobile[3..], f.UserId("alice"), "alice." + f.Id, ApiKey };
        var codes = f.Codes.Concat(f.SentCodes()).Distinct().ToList();
        Assert.True(codes.Count >= 3);
        foreach (var (metric, labels, _) in Samples(text))
        {
            foreach (var (key, value) in labels)
            {
                Assert.DoesNotContain(forbidden, x => value.Contains(x, StringComparison.OrdinalIgnoreCase));
                Assert.DoesNotContain(codes, x => value.Contains(x, StringComparison.OrdinalIgnoreCase));
                if (metric.StartsWith("smsotp_", StringComparison.Ordinal))
                {
                    Assert.False(SevenDigits().IsMatch(value), $"{metric} {key}={value}");
                }
            }
        }
    }

    /// <summary>The sum of the samples of <paramref name="metric"/> whose labels include every pair given.</summary>
    private static double Value(string text, string metric, params (string Key, string Value)[] where) =>
        Samples(text).Where(s => s.Metric == metric && where.All(w => s.Labels.TryGetValue(w.Key, out var v) && v == w.Value)).Sum(s => s.Value);

    private static IEnumerable<(string Metric, Dictionary<string, string> Labels, double Value)> Samples(string text)
    {
        foreach (Match m in SampleLine().Matches(text))
        {
            var labels = Label().Matches(m.Groups["labels"].Value).ToDictionary(l => l.Groups["k"].Value, l => Regex.Unescape(l.Groups["v"].Value));
            var value = double.Parse(m.Groups["value"].Value.Replace("+Inf", "Infinity", StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture);
            yield return (m.Groups["name"].Value, labels, value);
        }
    }

    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>.*)\})? (?<value>\S+)( \d+)?$", RegexOptions.Multiline)]
    private static partial Regex SampleLine();

    [GeneratedRegex("(?<k>[a-zA-Z_][a-zA-Z0-9_]*)=\"(?<v>(?:[^\"\\\\]|\\\\.)*)\"")]
    private static partial Regex Label();

    [GeneratedRegex(@"\d{7,}")]
    private static partial Regex SevenDigits();
}
