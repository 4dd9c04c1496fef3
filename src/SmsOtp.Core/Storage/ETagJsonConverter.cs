using System.Text.Json.Serialization;

namespace SmsOtp.Core.Storage;

/// <summary>
/// An ETag in a wire format (a queue message) as its string, so the code handles it as an <see cref="ETag"/> from the
/// write that returned it to the conditional write that uses it. Null or empty on the wire is the empty ETag (none), and
/// the empty ETag is written as null. Set on the property: Azure's own converter is internal, which source-generated
/// serialization cannot use.
/// </summary>
public sealed class ETagJsonConverter : JsonConverter<ETag>
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
