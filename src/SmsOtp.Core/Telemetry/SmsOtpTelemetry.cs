using System.Diagnostics;
using System.Diagnostics.Metrics;
using OpenTelemetry;
using PhoneNumbers;

namespace SmsOtp.Core.Telemetry;

/// <summary>
/// The service's OpenTelemetry (spec §11): one <see cref="ActivitySource"/> and one <see cref="Meter"/>, both
/// <c>SmsOtp</c>, with the spec's instruments. Features call these methods at their outcome points; nothing
/// here knows a feature. The names and attributes are a contract: the alert rules and the workbook query them
/// (docs/operations.md, "Telemetry the queries rely on").
/// <para>
/// Static on purpose: an <see cref="ActivitySource"/> is meant to be, and the OpenTelemetry SDK subscribes to
/// meters by name process-wide anyway, so a per-container meter would isolate nothing; features need no new
/// constructor parameter. Every attribute value is a tenant, a provider's name, a fixed word, a provider's error
/// code or a calling code; never a number, a code, a user id or an address. Measurements use <see cref="TagList"/>
/// (no allocation up to eight tags); spans exist only when something listens and samples them.
/// </para>
/// </summary>
public static partial class SmsOtpTelemetry
{
    /// <summary>The name of the activity source and of the meter.</summary>
    public const string Name = "SmsOtp";

    public const string SendSpan = "smsotp.send";
    public const string MobileSpan = "smsotp.mobile";
    public const string ResendSpan = "smsotp.resend";
    public const string VerifySpan = "smsotp.verify";
    public const string DeliverySpan = "smsotp.delivery";
    public const string ProviderCallSpan = "smsotp.provider.call";

    // Message outcomes of smsotp.deliveries (the provider outcomes are accepted, rejected and transient).
    public const string Dropped = "dropped";
    public const string Poison = "poison";

    private static readonly string? Version = typeof(SmsOtpTelemetry).Assembly.GetName().Version?.ToString();

    public static ActivitySource Source { get; } = new(Name, Version);

    public static Meter Meter { get; } = new(Name, Version);

    private static readonly Counter<long> Sends = Meter.CreateCounter<long>("smsotp.sends", "{sms}",
        "Send, mobile and resend answers by outcome: sent (an SMS was queued), skipped, mobile_required or the problem code.");

    private static readonly Counter<long> Verifications = Meter.CreateCounter<long>("smsotp.verifications", "{verification}",
        "Verify answers by status (spec §2.3) and, when verified, method.");

    private static readonly Counter<long> Deliveries = Meter.CreateCounter<long>("smsotp.deliveries", "{delivery}",
        "Provider calls (accepted, rejected, transient) and message outcomes (dropped, poison).");

    private static readonly Histogram<double> DeliveryDuration = Meter.CreateHistogram("smsotp.delivery.duration", "s",
        "Seconds from the queueing of an SMS to a provider's acceptance, redeliveries included.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 120, 300] });

    private static readonly Histogram<double> ProviderDuration = Meter.CreateHistogram("smsotp.provider.duration", "s",
        "Seconds of one provider call (its in-call retries included).",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30] });

    private static readonly Counter<long> Receipts = Meter.CreateCounter<long>("smsotp.receipts", "{receipt}",
        "Delivery receipts by provider and status (spec §8).");

    private static readonly Counter<long> Segments = Meter.CreateCounter<long>("smsotp.sms.segments", "{segment}",
        "Segments of the SMS sent, by encoding (spec §10.3).");

    private static readonly Counter<long> Suspensions = Meter.CreateCounter<long>("smsotp.fraudguard.suspensions", "{destination}",
        "Destinations the fraud guard suspended (spec §9).");

    /// <summary>Starts the span of a send (null when nobody listens).</summary>
    public static Activity? StartSend() => Source.StartActivity(SendSpan);

    /// <summary>Starts the span of a mobile number submission.</summary>
    public static Activity? StartMobile() => Source.StartActivity(MobileSpan);

    /// <summary>Starts the span of a resend.</summary>
    public static Activity? StartResend() => Source.StartActivity(ResendSpan);

    /// <summary>Starts the span of a verification.</summary>
    public static Activity? StartVerify() => Source.StartActivity(VerifySpan);

    /// <summary>
    /// Counts one answer of send, mobile or resend (<c>smsotp.sends</c>) and describes the current span.
    /// <paramref name="outcome"/> is <c>sent</c> exactly when an SMS was queued; <paramref name="mobile"/> is the
    /// E.164 number involved, of which only the calling code is kept (null when none is involved).
    /// </summary>
    /// <param name="testNumber">A test number's send (spec §15.2): no SMS went out; tagged <c>test_number=true</c>.</param>
    public static void RecordSend(string operation, string tenant, string outcome, string? mobile, bool testNumber = false)
    {
        var country = CallingCodes.Of(mobile);
        if (Sends.Enabled)
        {
            var tags = Tags.Of(Tags.Outcome, outcome, Tags.Operation, operation);
            Tags.AddIfAny(ref tags, Tags.Tenant, tenant);
            Tags.AddIfAny(ref tags, Tags.Country, country);
            Tags.AddIfAny(ref tags, Tags.TestNumber, testNumber ? "true" : null);
            Sends.Add(1, tags);
        }

        if (Own(Activity.Current) is { } span)
        {
            span.SetTag(Tags.SpanTenant, tenant.Length == 0 ? null : tenant);
            span.SetTag(Tags.SpanOutcome, outcome);
            span.SetTag(Tags.SpanCountry, country);
            span.SetTag(Tags.SpanTestNumber, testNumber ? true : null);
        }
    }

    /// <summary>Puts the calling code of the challenge's number on the current verify span (read by the workbook).</summary>
    public static void TagVerifyCountry(string? mobile)
    {
        if (Own(Activity.Current) is { } span)
        {
            span.SetTag(Tags.SpanCountry, CallingCodes.Of(mobile));
        }
    }

    /// <summary>Counts one verify answer (<c>smsotp.verifications</c>): its §2.3 status and, when verified, the method.</summary>
    public static void RecordVerify(string tenant, string status, string? method)
    {
        if (Verifications.Enabled)
        {
            var tags = Tags.Of(Tags.Tenant, tenant, Tags.Status, status);
            Tags.AddIfAny(ref tags, Tags.Method, method);
            Verifications.Add(1, tags);
        }

        if (Own(Activity.Current) is { } span)
        {
            span.SetTag(Tags.SpanTenant, tenant);
            span.SetTag(Tags.SpanStatus, status);
            span.SetTag(Tags.SpanMethod, method);
        }
    }

    /// <summary>
    /// Until disposed, nothing on this flow is traced: for a loop's polls, which would otherwise each be a trace of
    /// one HTTP span, every second. (Not a sampling filter on root calls: a root call's unsampled context would
    /// also unsample whatever continues it, such as an in-process client's requests to the API.)
    /// </summary>
    public static IDisposable Untraced() => SuppressInstrumentationScope.Begin();

    /// <summary>One delivery receipt (spec §8): <c>smsotp.receipts</c>. For the receipts endpoint.</summary>
    public static void RecordReceipt(string provider, string status) =>
        Receipts.Add(1, Tags.Of(Tags.Provider, provider, Tags.Status, status));

    /// <summary>
    /// The segments of one SMS sent (spec §10.3): adds <paramref name="segments"/> to <c>smsotp.sms.segments</c>
    /// with the calling code of <paramref name="mobile"/> and the encoding (<c>gsm7</c> or <c>ucs2</c>).
    /// </summary>
    public static void RecordSegments(string tenant, string? mobile, string encoding, int segments)
    {
        var tags = Tags.Of(Tags.Tenant, tenant, Tags.Encoding, encoding);
        Tags.AddIfAny(ref tags, Tags.Country, CallingCodes.Of(mobile));
        Segments.Add(segments, tags);
    }

    /// <summary>
    /// The fraud guard suspended a destination (spec §9): <c>smsotp.fraudguard.suspensions</c> with its calling code.
    /// <paramref name="destination"/> is the destination's digits (or an E.164 number); only the calling code is kept.
    /// </summary>
    public static void RecordFraudGuardSuspension(string destination)
    {
        var tags = default(TagList);
        Tags.AddIfAny(ref tags, Tags.Country, CallingCodes.Of(destination));
        Suspensions.Add(1, tags);
    }

    /// <summary>Zero for the instruments no feature records yet, so that they are listed (see <see cref="InstrumentAnnouncer"/>).</summary>
    internal static void AnnounceInstruments()
    {
        Receipts.Add(0);
        Segments.Add(0);
        Suspensions.Add(0);
    }

    /// <summary>The current span when it is one of ours and records data (not an HTTP span, not a sampled-out one).</summary>
    private static Activity? Own(Activity? activity) =>
        activity is { IsAllDataRequested: true } && ReferenceEquals(activity.Source, Source) ? activity : null;
}

/// <summary>
/// The calling code of a number (<c>+94778888888</c> → <c>94</c>): the only part of a number telemetry may hold
/// (spec §11). Calling codes form a prefix code, so the first one, two or three digits name at most one; the
/// table holds each code's string once, so a lookup allocates nothing.
/// </summary>
internal static class CallingCodes
{
    private static readonly string?[] Table = Build();

    /// <summary>The calling code of an E.164 number or of its digits (a fraud-guard destination), else null.</summary>
    public static string? Of(string? number)
    {
        if (string.IsNullOrEmpty(number))
        {
            return null;
        }

        var span = number.AsSpan();
        if (span[0] == '+')
        {
            span = span[1..];
        }

        if (span.IsEmpty || span[0] == '0')
        {
            return null;
        }

        var code = 0;
        for (var i = 0; i < 3 && i < span.Length && char.IsAsciiDigit(span[i]); i++)
        {
            code = (code * 10) + (span[i] - '0');
            if (Table[code] is { } found)
            {
                return found;
            }
        }

        return null;
    }

    private static string?[] Build()
    {
        var table = new string?[1000];
        foreach (var code in PhoneNumberUtil.GetInstance().GetSupportedCallingCodes())
        {
            if (code is > 0 and < 1000)
            {
                table[code] = code.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        return table;
    }
}
