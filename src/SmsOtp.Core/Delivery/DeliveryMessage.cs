using System.Text.Json.Serialization;

namespace SmsOtp.Core.Delivery;

/// <summary>
/// What goes on the delivery queue, the wire envelope of one code's delivery. Only routing data is in clear; the code's
/// <see cref="Otp.SmsContent"/> is sealed in <see cref="Sealed"/> (AES-GCM under the key named by <see cref="KeyId"/>),
/// bound to row and version. <see cref="ETag"/> is the send's write, for the first attempt's claim (empty on a redelivery).
/// A code no provider took yet is queued again as a new message with the next <see cref="Attempt"/> and the
/// providers that timed out for it (<see cref="TimedOut"/>), so the history survives redeliveries on either host.
/// </summary>
public sealed record DeliveryMessage(
    [property: JsonPropertyName("v")] int Version,
    [property: JsonPropertyName("pk")] string PartitionKey,
    [property: JsonPropertyName("cv")] int CodeVersion,
    [property: JsonPropertyName("etag"), JsonConverter(typeof(ETagJsonConverter))] ETag ETag,
    [property: JsonPropertyName("exp")] DateTimeOffset ExpiresAt,
    [property: JsonPropertyName("kid")] string KeyId,
    [property: JsonPropertyName("ct")] string Sealed)
{
    public const int CurrentVersion = 1;

    /// <summary>1 for the message the send queued; one more for each redelivery after no provider took it.</summary>
    [JsonPropertyName("at")]
    public int Attempt { get; init; } = 1;

    /// <summary>Providers whose request for this code went out and got no answer in time, each once per timeout.</summary>
    [JsonPropertyName("tmo")]
    public IReadOnlyList<string>? TimedOut { get; init; }

    /// <summary>When the send queued the code (kept by redeliveries): the start of <c>smsotp.delivery.duration</c>.</summary>
    [JsonPropertyName("eq")]
    public DateTimeOffset? EnqueuedAt { get; init; }

    /// <summary>
    /// The W3C trace context of the send that queued the code, so each delivery attempt joins its trace. In clear
    /// (it names a trace, not a person), and not bound into the cipher: a forged one only misfiles a span.
    /// </summary>
    [JsonPropertyName("tp")]
    public string? TraceParent { get; init; }

    [JsonPropertyName("ts")]
    public string? TraceState { get; init; }

    public string AssociatedData => $"{PartitionKey}|{CodeVersion}";
}

/// <summary>
/// An ETag in a wire format (a queue message) as its string, so the code handles it as an <see cref="ETag"/> from the
/// write that returned it to the conditional write that uses it. Null or empty on the wire is the empty ETag (none), and
/// the empty ETag is written as null. Set on the property: Azure's own converter is internal, which source-generated
/// serialization cannot use.
/// </summary>
internal sealed class ETagJsonConverter : JsonConverter<ETag>
{
    public override bool HandleNull => true;

    public override ETag Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.GetString() is { Length: > 0 } value ? new ETag(value) : default;

    public override void Write(Utf8JsonWriter writer, ETag value, JsonSerializerOptions options)
    {
        if (value == default)
        {
            writer.WriteNullValue();
        }
        else
        {
            writer.WriteStringValue(value.ToString());
        }
    }
}
