using System.Diagnostics;

namespace SmsOtp.Core.Telemetry;

/// <summary>The delivery side of <see cref="SmsOtpTelemetry"/>: the delivery span, its outcomes and the provider calls.</summary>
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
    public static ProviderCall StartProviderCall(string provider) =>
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
