using System.Net.Http.Json;
using static SmsOtp.Tests.Telemetry.TelemetryCapture;
using SmsOtp.Tests.Telemetry;

namespace SmsOtp.Tests.TrustedDevices;

/// <summary>
/// Spec §15.1 through the local server (every answer checked against the OpenAPI document by the test client): the
/// fields, their 400s, <c>DELETE /api/users/devices</c>, the count of skipped sends, and the token in no span, metric,
/// log record or error body.
/// </summary>
public sealed class TrustedDeviceHttpTests
{
    [Fact]
    public async Task The_api_issues_honours_and_revokes_a_token_and_never_tells_it_to_telemetry_or_logs()
    {
        await using var f = await TelemetryFlows.StartAsync(["ok"], new Dictionary<string, string?> { ["SmsOtp:TrustedDevices:Days"] = "30" });
        var client = f.Server.Client;
        await f.RegisterAsync("alice", TelemetryFlows.Mobile);

        var (id, code) = await f.SendAndReceiveAsync("alice");
        var verified = await f.OkAsync(client.PostAsJsonAsync("api/otp/verify", new { challengeId = id, code, rememberDevice = true }));
        Assert.Equal("verified", verified.GetProperty("status").GetString());
        var token = verified.GetProperty("deviceToken").GetString()!;
        Assert.EndsWith(".000Z", verified.GetProperty("deviceTokenExpiresAt").GetString(), StringComparison.Ordinal);

        var skipped = await f.OkAsync(client.PostAsJsonAsync("api/otp/send", new { tenant = f.Tenant, userId = f.UserId("alice"), deviceToken = token }));
        Assert.Equal("skipped", skipped.GetProperty("status").GetString());
        Assert.Equal("trusted_device", skipped.GetProperty("reason").GetString());
        await EventuallyAsync(() => f.Capture.Sum("smsotp.sends", ("tenant", f.Tenant), ("outcome", "skipped")) == 1, "the skipped send counted");

        // Wrong shapes are 400s naming the field, never echoing the value; a well-formed unknown token is an ordinary send.
        foreach (var body in new object[]
                 {
                     new { tenant = f.Tenant, userId = f.UserId("alice"), deviceToken = (object)5 },
                     new { tenant = f.Tenant, userId = f.UserId("alice"), deviceToken = (object)new string('x', 257) },
                 })
        {
            var bad = await client.PostAsJsonAsync("api/otp/send", body);
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            Assert.Contains("deviceToken", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        var badVerify = await client.PostAsJsonAsync("api/otp/verify", new { challengeId = id, code, rememberDevice = "yes" });
        Assert.Equal(HttpStatusCode.BadRequest, badVerify.StatusCode);
        Assert.Contains("rememberDevice", await badVerify.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var other = await f.OkAsync(client.PostAsJsonAsync("api/otp/send", new { tenant = f.Tenant, userId = f.UserId("alice"), deviceToken = token[..^2] + "AA" }));
        Assert.Equal("sent", other.GetProperty("status").GetString());

        // The users API revokes them (204 also when there is nothing to revoke); the token then sends again.
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync(f.UsersPath("alice", "users/devices"))).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync(f.UsersPath("nobody", "users/devices"))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.DeleteAsync("api/users/devices?tenant=" + f.Tenant)).StatusCode);
        var after = await f.OkAsync(client.PostAsJsonAsync("api/otp/send", new { tenant = f.Tenant, userId = f.UserId("alice"), deviceToken = token }));
        Assert.Equal("sent", after.GetProperty("status").GetString());
        Assert.Equal(1, f.Capture.Sum("smsotp.sends", ("tenant", f.Tenant), ("outcome", "skipped")));

        var leaks = new List<string>();
        void Check(string where, string? text)
        {
            if (text?.Contains(token, StringComparison.Ordinal) == true || text?.Contains(token[..20], StringComparison.Ordinal) == true)
            {
                leaks.Add($"{where}: {text}");
            }
        }

        foreach (var span in f.Capture.Spans)
        {
            Check(span.DisplayName, span.DisplayName + " " + span.StatusDescription);
            foreach (var tag in span.TagObjects)
            {
                Check(span.DisplayName, tag.Key + "=" + tag.Value);
            }

            foreach (var e in span.Events)
            {
                Check(span.DisplayName + " (event)", e.Name + " " + string.Join(",", e.Tags.Select(t => t.Key + "=" + t.Value)));
            }
        }

        foreach (var (name, metric) in f.Capture.Metrics())
        {
            foreach (var point in metric.MetricPoints)
            {
                foreach (var (key, value) in Attributes(point))
                {
                    Check("metric " + name, key + "=" + value);
                }
            }
        }

        foreach (var record in f.Server.Logs.GetSnapshot())
        {
            Check("log " + record.Category, record.Message);
            Check("log " + record.Category + " (exception)", record.Exception?.ToString());
            foreach (var pair in record.StructuredState ?? [])
            {
                Check("log " + record.Category, pair.Key + "=" + pair.Value);
            }
        }

        Assert.True(leaks.Count == 0, string.Join('\n', leaks.Take(10)));
    }
}
