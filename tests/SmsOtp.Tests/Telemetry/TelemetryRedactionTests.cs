using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using static SmsOtp.Tests.Telemetry.TelemetryCapture;
using static SmsOtp.Tests.Telemetry.TelemetryFlows;

namespace SmsOtp.Tests.Telemetry;

/// <summary>
/// Spec §11: no exported attribute, span name, event, link, status, trace state or baggage holds a mobile number
/// in any form (the forms of LogRedactionTests), a code, a backup code, a user id, a secret of a provider template
/// or the end user's address; the HTTP client's spans keep a provider URL (which carries the number, the code and a
/// secret in its path and query) as scheme, host and port only.
/// </summary>
public sealed partial class TelemetryRedactionTests
{
    private const string National = "0778888888";

    [Fact]
    public async Task No_exported_span_or_metric_holds_a_number_a_code_a_user_id_a_secret_or_an_address()
    {
        await using var f = await StartAsync(["busy", "ok"], new Dictionary<string, string?> { ["SmsOtp:DefaultRegion"] = "LK" });
        var c = f.Capture;

        // A profile in national format; backup codes; a wrong code, the right one; a resend and a backup code;
        // a lock and a refused send; an invalid number; an unknown path with a number in it; an erasure.
        await f.RegisterAsync("alice", National);
        var backup = (await f.OkAsync(f.Server.Client.PostAsync(f.UsersPath("alice", "users/backup-codes"), null)))
            .GetProperty("codes").EnumerateArray().Select(x => x.GetString()!).ToList();
        var (id, code) = await f.SendAndReceiveAsync("alice");
        Assert.Equal("invalid_code", await f.VerifyAsync(id, TelemetryFlowTests.NearMiss(code)));
        Assert.Equal("verified", await f.VerifyAsync(id, code.ToLowerInvariant()));
        (id, _) = await f.SendAndReceiveAsync("alice");
        await f.ResendAndReceiveAsync(id);
        Assert.Equal("verified", await f.VerifyAsync(id, backup[2]));
        (id, code) = await f.SendAndReceiveAsync("alice");
        for (var i = 0; i < 3; i++)
        {
            await f.VerifyAsync(id, TelemetryFlowTests.NearMiss(code));
        }

        Assert.Equal(HttpStatusCode.Locked, (await f.SendAsync("alice")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await f.Server.Client.PutAsJsonAsync(f.UsersPath("carol"), new { mobile = Mobile + "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await f.Server.Client.GetAsync("api/users/" + Uri.EscapeDataString(Mobile) + "/" + code)).StatusCode);
        await f.OkAsync(f.Server.Client.DeleteAsync(f.UsersPath("alice")));
        await EventuallyAsync(() => c.Count("smsotp.delivery.duration", ("provider", f.ProviderName("ok"))) == 4, "four deliveries");

        // This server's traces: those of its requests (its port) and the deliveries that continue them.
        var port = f.Server.BaseAddress.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var spans = c.Spans;
        var traces = spans.Where(s => s.Kind == ActivityKind.Server && s.GetTagItem("server.port")?.ToString() == port).Select(s => s.TraceId).ToHashSet();
        var mine = spans.Where(s => traces.Contains(s.TraceId)).ToList();
        Assert.Contains(mine, s => s.DisplayName == "smsotp.delivery");
        Assert.Contains(mine, s => s.DisplayName == "smsotp.provider.call" && s.GetTagItem("smsotp.outcome")?.ToString() == "transient");
        Assert.Contains(mine, s => s.Source.Name == "System.Net.Http" && s.GetTagItem("http.response.status_code")?.ToString() == "503");

        var secrets = new List<string>(f.Codes);
        secrets.AddRange(f.SentCodes());
        secrets.AddRange(backup);
        var forbidden = new List<string>
        {
            Mobile, Mobile[1..], National, Mobile[3..], Uri.EscapeDataString(Mobile),
            f.UserId("alice"), Uri.EscapeDataString(f.UserId("alice")), "alice." + f.Id, f.UserId("carol"), ApiKey, ClientAddress,
        };
        var leaks = new List<string>();
        void Check(string where, string? text)
        {
            if (string.IsNullOrEmpty(text))
            {
                return;
            }

            leaks.AddRange(forbidden.Where(x => text.Contains(x, StringComparison.OrdinalIgnoreCase)).Select(x => $"{x} in {where}: {text}"));
            leaks.AddRange(secrets.Where(s => Regex.IsMatch(text, $"(?<![A-Za-z0-9]){s}(?![A-Za-z0-9])", RegexOptions.IgnoreCase))
                .Select(s => $"a code in {where}: {text}"));
        }

        foreach (var span in mine)
        {
            var where = $"{span.Source.Name} {span.DisplayName}";
            Check(where + " (name)", span.DisplayName);
            Check(where + " (operation)", span.OperationName);
            Check(where + " (status)", span.StatusDescription);
            Check(where + " (trace state)", span.TraceStateString);
            foreach (var tag in span.TagObjects)
            {
                Check(where, tag.Key + "=" + tag.Value);
            }

            foreach (var item in span.Baggage)
            {
                Check(where + " (baggage)", item.Key + "=" + item.Value);
            }

            foreach (var e in span.Events)
            {
                Check(where + " (event)", e.Name + " " + string.Join(",", e.Tags.Select(t => t.Key + "=" + t.Value)));
            }

            foreach (var link in span.Links)
            {
                Check(where + " (link)", string.Join(",", (link.Tags ?? []).Select(t => t.Key + "=" + t.Value)));
            }

            // No peer address of the caller, and outgoing URLs as scheme, host and port only.
            Assert.DoesNotContain(span.TagObjects, t => t.Key is "client.address" or "network.peer.address" or "net.peer.ip" or "http.client_ip");
            if (span.GetTagItem("url.full") is string url)
            {
                Assert.Matches(@"^https?://[^/?#]+/$", url);
            }
        }

        // Every point of every metric the server exports (the service's and the libraries').
        foreach (var (name, metric) in c.Metrics())
        {
            foreach (var point in metric.MetricPoints)
            {
                foreach (var (key, value) in Attributes(point))
                {
                    Check("metric " + name, key + "=" + value);
                }
            }
        }

        Assert.True(leaks.Count == 0, string.Join('\n', leaks.Distinct().Take(20)));
        Assert.True(secrets.Distinct().Count() >= 14, "codes and backup codes checked: " + secrets.Distinct().Count());
    }
}
