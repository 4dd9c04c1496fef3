using System.Diagnostics;
using System.Net.Http.Json;
using static SmsOtp.Tests.Telemetry.TelemetryCapture;
using static SmsOtp.Tests.Telemetry.TelemetryFlows;

namespace SmsOtp.Tests.Telemetry;

/// <summary>
/// Spec §11 over full flows on the real local server, through an in-memory exporter: the counters and histograms
/// move with the attributes docs/operations.md's queries read, and a delivery continues the trace of its send.
/// </summary>
public sealed class TelemetryFlowTests
{
    private const string Sends = "smsotp.sends";
    private const string Verifications = "smsotp.verifications";
    private const string Deliveries = "smsotp.deliveries";
    private const string DeliveryDuration = "smsotp.delivery.duration";
    private const string ProviderDuration = "smsotp.provider.duration";

    [Fact]
    public async Task Success_wrong_code_resend_backup_code_lock_and_skip_are_counted_with_their_attributes()
    {
        await using var f = await StartAsync(["ok"]);
        var c = f.Capture;
        var ok = f.ProviderName("ok");
        await f.RegisterAsync("alice", Mobile);

        // A wrong code, then the right one.
        var (id, code) = await f.SendAndReceiveAsync("alice");
        Assert.Equal("invalid_code", await f.VerifyAsync(id, NearMiss(code)));
        Assert.Equal("verified", await f.VerifyAsync(id, code));

        // A resend: its code verifies.
        (id, _) = await f.SendAndReceiveAsync("alice");
        Assert.Equal("verified", await f.VerifyAsync(id, await f.ResendAndReceiveAsync(id)));

        // A backup code.
        var backup = (await f.OkAsync(f.Server.Client.PostAsync(f.UsersPath("alice", "users/backup-codes"), null))).GetProperty("codes")[0].GetString()!;
        (id, code) = await f.SendAndReceiveAsync("alice");
        Assert.Equal("verified", await f.VerifyAsync(id, backup));

        // Three failures in a row lock the account (AccountLock:MaxFailedAttempts = 3); a send is then refused.
        (id, code) = await f.SendAndReceiveAsync("alice");
        Assert.Equal("invalid_code", await f.VerifyAsync(id, NearMiss(code)));
        Assert.Equal("invalid_code", await f.VerifyAsync(id, NearMiss(code)));
        Assert.Equal("locked", await f.VerifyAsync(id, NearMiss(code)));
        Assert.Equal(HttpStatusCode.Locked, (await f.SendAsync("alice")).StatusCode);

        // An unknown user: the step is skipped, no number involved.
        Assert.Equal("skipped", (await f.OkAsync(f.SendAsync("nobody"))).GetProperty("status").GetString());

        var t = (Key: "tenant", Value: f.Tenant);
        Assert.Equal(5, c.Sum(Sends, t, ("outcome", "sent"), ("country", Country)));
        Assert.Equal(4, c.Sum(Sends, t, ("outcome", "sent"), ("operation", "send")));
        Assert.Equal(1, c.Sum(Sends, t, ("outcome", "sent"), ("operation", "resend")));
        Assert.Equal(1, c.Sum(Sends, t, ("outcome", "account_locked"), ("country", Country)));
        var skipped = Assert.Single(c.AttributeSets(Sends, t, ("outcome", "skipped")));
        Assert.False(skipped.ContainsKey("country"));
        Assert.Equal(7, c.Sum(Sends, t));

        Assert.Equal(2, c.Sum(Verifications, t, ("status", "verified"), ("method", "sms")));
        Assert.Equal(1, c.Sum(Verifications, t, ("status", "verified"), ("method", "backup_code")));
        Assert.Equal(3, c.Sum(Verifications, t, ("status", "invalid_code")));
        Assert.Equal(1, c.Sum(Verifications, t, ("status", "locked")));
        Assert.All(c.AttributeSets(Verifications, t, ("status", "invalid_code")), a => Assert.False(a.ContainsKey("method")));

        // Every SMS was accepted by the one provider, each timed from enqueue to acceptance and per call.
        await EventuallyAsync(() => c.Count(DeliveryDuration, ("provider", ok)) == 5, "five delivery durations");
        Assert.Equal(5, c.Sum(Deliveries, ("provider", ok), ("outcome", "accepted")));
        Assert.Equal(5, c.Count(ProviderDuration, ("provider", ok), ("outcome", "accepted")));
        Assert.Equal(5, c.Sum(Deliveries, ("provider", ok)));

        // Spec §10.3: each SMS sent reports its segments (here one GSM-7 segment each).
        Assert.Equal(5, c.Sum("smsotp.sms.segments", t, ("encoding", "gsm7"), ("country", Country)));
    }

    [Fact]
    public async Task A_transient_provider_fails_over_and_a_captured_number_is_counted_as_a_mobile_send()
    {
        await using var f = await StartAsync(["busy", "ok"], new Dictionary<string, string?> { ["SmsOtp:Mandatory"] = "true" });
        var c = f.Capture;
        var (busy, ok) = (f.ProviderName("busy"), f.ProviderName("ok"));

        // Mandatory, no number on the profile: the app must capture one (spec §2.2).
        await f.OkAsync(f.Server.Client.PutAsJsonAsync(f.UsersPath("bob"), new { smsOtpDisabled = false }));
        var required = await f.OkAsync(f.SendAsync("bob"));
        Assert.Equal("mobile_required", required.GetProperty("status").GetString());
        var sent = await f.OkAsync(f.Server.Client.PostAsJsonAsync("api/otp/mobile", new { challengeId = required.GetProperty("challengeId").GetString(), mobile = Mobile }));
        Assert.Equal("sent", sent.GetProperty("status").GetString());

        await EventuallyAsync(() => c.Count(DeliveryDuration, ("provider", ok)) == 1, "the delivery through the second provider");
        var t = (Key: "tenant", Value: f.Tenant);
        Assert.False(Assert.Single(c.AttributeSets(Sends, t, ("outcome", "mobile_required"))).ContainsKey("country"));
        Assert.Equal(1, c.Sum(Sends, t, ("outcome", "sent"), ("operation", "mobile"), ("country", Country)));

        // The first provider's 503 is a transient failure of that provider; the second accepted.
        Assert.Equal(1, c.Sum(Deliveries, ("provider", busy), ("outcome", "transient"), ("error_code", "503")));
        Assert.Equal(1, c.Count(ProviderDuration, ("provider", busy), ("outcome", "transient")));
        Assert.Equal(1, c.Sum(Deliveries, ("provider", ok), ("outcome", "accepted")));
        Assert.Equal(0, c.Count(DeliveryDuration, ("provider", busy)));
    }

    [Fact]
    public async Task A_refused_message_counts_each_refusal_and_one_poison()
    {
        await using var f = await StartAsync(["refuse"], maxDequeueCount: 2);
        var c = f.Capture;
        var refuse = f.ProviderName("refuse");
        await f.RegisterAsync("carol", Mobile);
        var sent = await f.OkAsync(f.SendAsync("carol"));
        var send = c.Spans.Single(s => s.DisplayName == SmsOtpTelemetry.SendSpan && Tag(s, "smsotp.tenant") == f.Tenant);
        List<Activity> Attempts() => [.. c.Spans.Where(s => s.DisplayName == SmsOtpTelemetry.DeliverySpan && s.TraceId == send.TraceId)];

        // Two dequeues (maxDequeueCount 2), each refused: the second poisons the message.
        await EventuallyAsync(() => Attempts().Any(a => Tag(a, "smsotp.outcome") == "poison"), "the poisoned delivery");
        Assert.Equal(2, c.Sum(Deliveries, ("provider", refuse), ("outcome", "rejected"), ("error_code", "400")));
        Assert.Equal(2, c.Count(ProviderDuration, ("provider", refuse), ("outcome", "rejected")));
        Assert.Equal(0, c.Count(DeliveryDuration, ("provider", refuse)));
        // Message outcomes carry no provider; other servers may poison at the same time, so at least this one.
        Assert.True(c.Sum(Deliveries, ("outcome", "poison"), ("error_code", "last-attempt")) >= 1);

        // Both attempts belong to the send's trace; both failed.
        var attempts = Attempts();
        Assert.Equal(2, attempts.Count);
        Assert.All(attempts, a => Assert.Equal(ActivityStatusCode.Error, a.Status));

        Assert.Equal("delivery_failed", await f.VerifyAsync(sent.GetProperty("challengeId").GetString()!, "AAAA1111"));
        Assert.Equal(1, c.Sum(Verifications, ("tenant", f.Tenant), ("status", "delivery_failed")));
    }

    [Fact]
    public async Task A_delivery_continues_the_trace_of_its_send_and_the_provider_call_is_the_parent_of_the_http_call()
    {
        await using var f = await StartAsync(["ok"]);
        var c = f.Capture;
        var ok = f.ProviderName("ok");
        await f.RegisterAsync("dave", Mobile);
        var (id, code) = await f.SendAndReceiveAsync("dave");
        Assert.Equal("verified", await f.VerifyAsync(id, code));

        var send = c.Spans.Single(s => s.DisplayName == SmsOtpTelemetry.SendSpan && Tag(s, "smsotp.tenant") == f.Tenant);
        Activity Delivery() => c.Spans.SingleOrDefault(s => s.DisplayName == SmsOtpTelemetry.DeliverySpan && s.TraceId == send.TraceId)!;
        await EventuallyAsync(() => Delivery() is not null, "the delivery span");
        var delivery = Delivery();

        // The delivery is the send's child in the send's trace (the trace context travelled in the queue message).
        Assert.Equal(send.SpanId, delivery.ParentSpanId);
        Assert.Equal(ActivityKind.Consumer, delivery.Kind);
        Assert.Equal(ok, Tag(delivery, "smsotp.provider"));
        Assert.True(delivery.GetTagItem("smsotp.delivery.duration_s") is double seconds && seconds > 0);
        Assert.Equal("sent", Tag(send, "smsotp.outcome"));
        Assert.Equal(Country, Tag(send, "smsotp.country"));

        // The provider call is the delivery's child, and the HTTP client's span is the provider call's child,
        // with the provider's URL cut to scheme, host and port.
        var call = c.Spans.Single(s => s.DisplayName == SmsOtpTelemetry.ProviderCallSpan && s.ParentSpanId == delivery.SpanId);
        Assert.Equal(ok, Tag(call, "smsotp.provider"));
        Assert.Equal("accepted", Tag(call, "smsotp.outcome"));
        var http = c.Spans.Single(s => s.Source.Name == "System.Net.Http" && s.ParentSpanId == call.SpanId);
        Assert.Equal(send.TraceId, http.TraceId);
        Assert.Equal(new Uri(f.Provider.Url!).GetLeftPart(UriPartial.Authority) + "/", Tag(http, "url.full"));

        // The verify span carries the status and calling code the workbook reads.
        var verify = c.Spans.Single(s => s.DisplayName == SmsOtpTelemetry.VerifySpan && Tag(s, "smsotp.tenant") == f.Tenant);
        Assert.Equal("verified", Tag(verify, "smsotp.status"));
        Assert.Equal(Country, Tag(verify, "smsotp.country"));
        Assert.Equal("sms", Tag(verify, "smsotp.method"));
    }

    public static string? Tag(Activity? span, string key) => span?.GetTagItem(key)?.ToString();

    /// <summary>A wrong code that differs from the right one in its last character only.</summary>
    public static string NearMiss(string code) => code[..^1] + (code[^1] == '0' ? "1" : "0");
}
