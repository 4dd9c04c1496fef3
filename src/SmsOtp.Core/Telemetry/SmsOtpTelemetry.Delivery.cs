using System.Diagnostics;

namespace SmsOtp.Core.Telemetry;

/// <summary>
/// The delivery side of <see cref="SmsOtpTelemetry"/>: the delivery span, its outcomes and the provider calls; below it
/// the attribute names both parts write and the provider call's handle.
/// </summary>
public static partial class SmsOtpTelemetry
{
    /// <summary>The W3C <c>traceparent</c> of the current span, for the queue message (null without one).</summary>
    public static string? CurrentTraceParent() => Activity.Current is { IdFormat: ActivityIdFormat.W3C } current ? current.Id : null;

    /// <summary>The W3C <c>tracestate</c> of the current span, for the queue message.</summary>
    public static string? CurrentTraceState() => Activity.Current?.TraceStateString;

    /// <summary>
    /// Starts the span of one delivery attempt as a child of the send that queued the message (its
    /// <c>traceparent</c>), so a delivery shares its send's trace id. On the Functions host the trigger's own
    /// span is current: it becomes a link, so both traces stay reachable. Without a trace context in the message
    /// the span is a child of whatever is current.
    /// </summary>
    public static Activity? StartDelivery(string? traceParent, string? traceState)
    {
        if (!Source.HasListeners())
        {
            return null;
        }

        if (traceParent is null || !ActivityContext.TryParse(traceParent, traceState, isRemote: true, out var parent))
        {
            return Source.StartActivity(DeliverySpan, ActivityKind.Consumer);
        }

        var links = Activity.Current is { } trigger ? new[] { new ActivityLink(trigger.Context) } : null;
        return Source.StartActivity(DeliverySpan, ActivityKind.Consumer, parent, tags: null, links: links);
    }

    /// <summary>A message that needs no delivery (expired, superseded, already claimed, erased, unreadable): <c>dropped</c>.</summary>
    public static void RecordDropped(string reason)
    {
        Deliveries.Add(1, Tags.Of(Tags.Outcome, Dropped, Tags.ErrorCode, reason));
        if (Own(Activity.Current) is { } span)
        {
            span.SetTag(Tags.SpanOutcome, Dropped);
            span.SetTag(Tags.SpanReason, reason);
        }
    }

    /// <summary>
    /// A provider accepted the SMS: records enqueue-to-acceptance in <c>smsotp.delivery.duration</c> and on the
    /// delivery span (<c>smsotp.delivery.duration_s</c>, <c>smsotp.provider</c>). The provider call itself was
    /// counted by <see cref="ProviderCall.End"/>.
    /// </summary>
    public static void RecordDelivered(string? provider, DateTimeOffset? enqueuedAt, DateTimeOffset now)
    {
        provider ??= "unknown";
        double? seconds = enqueuedAt is { } at ? Math.Max(0, (now - at).TotalSeconds) : null;
        if (seconds is { } value)
        {
            DeliveryDuration.Record(value, Tags.Of(Tags.Provider, provider));
        }

        if (Own(Activity.Current) is { } span)
        {
            span.SetTag(Tags.SpanOutcome, ProviderCall.Accepted);
            span.SetTag(Tags.SpanProvider, provider);
            if (seconds is { } s)
            {
                span.SetTag(Tags.SpanDeliveryDuration, s);
            }
        }
    }

    /// <summary>
    /// Every provider refused the SMS. On the last attempt the message goes to the poison queue: counted once as
    /// <c>poison</c>. The delivery span is marked failed either way.
    /// </summary>
    public static void RecordDeliveryFailed(bool last)
    {
        if (last)
        {
            Deliveries.Add(1, Tags.Of(Tags.Outcome, Poison, Tags.ErrorCode, "last-attempt"));
        }

        MarkDeliveryFailed(last ? Poison : "refused", "Every provider refused the SMS.");
    }

    /// <summary>
    /// The code was given up (its next attempt would arrive too late): the challenge is marked undeliverable, as
    /// after a poisoned message, so it is counted as <c>poison</c> (error code <c>gave-up</c>), the user's view.
    /// </summary>
    public static void RecordGaveUp()
    {
        Deliveries.Add(1, Tags.Of(Tags.Outcome, Poison, Tags.ErrorCode, "gave-up"));
        MarkDeliveryFailed(Poison, "The code was given up: it would arrive too late.");
    }

    /// <summary>Starts one provider call: a span (the HTTP client's spans become its children) and a clock.</summary>
    internal static ProviderCall StartProviderCall(string provider) =>
        new(provider, Source.StartActivity(ProviderCallSpan, ActivityKind.Internal), Stopwatch.GetTimestamp());

    /// <summary>A provider passed over without a call (its circuit breaker is open): a <c>transient</c> failure.</summary>
    public static void RecordProviderSkipped(string provider, string reason) =>
        Deliveries.Add(1, Tags.Of(Tags.Provider, provider, Tags.Outcome, ProviderCall.Transient, Tags.ErrorCode, Tags.SafeErrorCode(reason) ?? "skipped"));

    internal static void RecordProviderCall(string provider, string outcome, string? errorCode, double seconds, Activity? span)
    {
        var tags = Tags.Of(Tags.Provider, provider, Tags.Outcome, outcome);
        var safeCode = Tags.SafeErrorCode(errorCode);
        ProviderDuration.Record(seconds, tags);
        Tags.AddIfAny(ref tags, Tags.ErrorCode, safeCode);
        Deliveries.Add(1, tags);
        if (span is { IsAllDataRequested: true })
        {
            span.SetTag(Tags.SpanProvider, provider);
            span.SetTag(Tags.SpanOutcome, outcome);
            span.SetTag(Tags.SpanErrorCode, safeCode);
            if (outcome != ProviderCall.Accepted)
            {
                span.SetStatus(ActivityStatusCode.Error, outcome);
            }
        }
    }

    private static void MarkDeliveryFailed(string outcome, string description)
    {
        if (Own(Activity.Current) is { } span)
        {
            span.SetTag(Tags.SpanOutcome, outcome);
            span.SetStatus(ActivityStatusCode.Error, description);
        }
    }
}

/// <summary>
/// Attribute names: the metric attributes of spec §11 (plain: <c>tenant</c>, <c>outcome</c>, ...) and the span
/// attributes (<c>smsotp.</c>-prefixed, as docs/operations.md names them), and the one sanitiser of free text.
/// </summary>
internal static class Tags
{
    public const string Tenant = "tenant";
    public const string Outcome = "outcome";
    public const string Operation = "operation";
    public const string Country = "country";
    public const string Status = "status";
    public const string Method = "method";
    public const string Provider = "provider";
    public const string ErrorCode = "error_code";
    public const string Encoding = "encoding";
    public const string TestNumber = "test_number";

    public const string SpanTenant = "smsotp.tenant";
    public const string SpanOutcome = "smsotp.outcome";
    public const string SpanCountry = "smsotp.country";
    public const string SpanStatus = "smsotp.status";
    public const string SpanMethod = "smsotp.method";
    public const string SpanProvider = "smsotp.provider";
    public const string SpanErrorCode = "smsotp.error_code";
    public const string SpanReason = "smsotp.reason";
    public const string SpanTestNumber = "smsotp.test_number";
    public const string SpanDeliveryDuration = "smsotp.delivery.duration_s";

    private const int MaxErrorCodeLength = 64;
    private const string Redacted = "redacted";

    public static TagList Of(string k1, string v1) => new() { { k1, v1 } };

    public static TagList Of(string k1, string v1, string k2, string v2) => new() { { k1, v1 }, { k2, v2 } };

    public static TagList Of(string k1, string v1, string k2, string v2, string k3, string v3) => new() { { k1, v1 }, { k2, v2 }, { k3, v3 } };

    /// <summary>Adds the tag only with a value: an attribute that does not apply is left out, not sent empty.</summary>
    public static void AddIfAny(ref TagList tags, string key, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            tags.Add(key, value);
        }
    }

    /// <summary>
    /// A provider's error code as an attribute: short, and never anything that could be a number (a run of six
    /// or more digits) should a provider put one where its code belongs. Real codes (<c>21211</c>, <c>401</c>,
    /// <c>secret-missing:twilio-auth-token</c>, <c>timeout</c>) pass unchanged and unallocated.
    /// </summary>
    public static string? SafeErrorCode(string? code)
    {
        if (string.IsNullOrEmpty(code))
        {
            return null;
        }

        var run = 0;
        foreach (var c in code)
        {
            run = char.IsAsciiDigit(c) ? run + 1 : 0;
            if (run >= 6)
            {
                return Redacted;
            }
        }

        return code.Length > MaxErrorCodeLength ? code[..MaxErrorCodeLength] : code;
    }
}

/// <summary>
/// One call to one provider, from <see cref="SmsOtpTelemetry.StartProviderCall"/>: its span (current while the
/// call runs, so the HTTP client's spans are its children) and its start. <see cref="End"/> counts the outcome in
/// <c>smsotp.deliveries</c> and the time in <c>smsotp.provider.duration</c>; disposing ends the span.
/// </summary>
internal readonly struct ProviderCall : IDisposable
{
    public const string Accepted = "accepted";
    public const string Rejected = "rejected";
    public const string Transient = "transient";

    private readonly string _provider;
    private readonly Activity? _span;
    private readonly long _started;

    internal ProviderCall(string provider, Activity? span, long started)
    {
        _provider = provider;
        _span = span;
        _started = started;
    }

    /// <summary>
    /// The call's outcome: <c>accepted</c>, <c>rejected</c> or <c>transient</c> (the provider feature's outcome names,
    /// in any case) and the provider's error code or HTTP status, never its message text.
    /// </summary>
    public void End(string outcome, string? errorCode) =>
        SmsOtpTelemetry.RecordProviderCall(_provider, Normalize(outcome), errorCode, Stopwatch.GetElapsedTime(_started).TotalSeconds, _span);

    public void Dispose() => _span?.Dispose();

    private static string Normalize(string outcome) => outcome switch
    {
        "Accepted" or Accepted => Accepted,
        "Rejected" or Rejected => Rejected,
        "Transient" or Transient => Transient,
        _ => outcome.ToLowerInvariant(),
    };
}
