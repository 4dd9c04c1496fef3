using System.Text.Json.Serialization;

namespace SmsOtp.Core.Otp;

/// <summary>
/// A challenge id: base64url of the user's row key (16 bytes) and 16 random bytes (128 bits). The row key
/// makes every step a single point read; the random part is what makes the id unguessable. The id stays
/// typed from the request handler to the row and back; it is a string only in JSON and URLs.
/// </summary>
[JsonConverter(typeof(JsonConverter))]
public sealed record ChallengeId(string PartitionKey, string Nonce)
{
    private const int NonceLength = 16;

    public static ChallengeId New(string partitionKey) =>
        new(partitionKey, Base64Url.Encode(RandomNumberGenerator.GetBytes(NonceLength)));

    public override string ToString()
    {
        Span<byte> buffer = stackalloc byte[UserKey.HashLength + NonceLength];
        Base64Url.TryDecode(PartitionKey, UserKey.HashLength, out var pk);
        Base64Url.TryDecode(Nonce, NonceLength, out var nonce);
        pk.CopyTo(buffer);
        nonce.CopyTo(buffer[UserKey.HashLength..]);
        return Base64Url.Encode(buffer);
    }

    public static bool TryParse(string? text, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out ChallengeId? id)
    {
        id = null;
        if (!Base64Url.TryDecode(text, UserKey.HashLength + NonceLength, out var bytes))
        {
            return false;
        }

        id = new ChallengeId(Base64Url.Encode(bytes.AsSpan(0, UserKey.HashLength)), Base64Url.Encode(bytes.AsSpan(UserKey.HashLength)));
        return true;
    }

    /// <summary>Constant-time comparison of the random part with the one stored on the row.</summary>
    public bool NonceEquals(string? stored) =>
        stored is not null && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Nonce), Encoding.ASCII.GetBytes(stored));

    /// <summary>JSON: the text form, so a body never shows the parts.</summary>
    public sealed class JsonConverter : JsonConverter<ChallengeId>
    {
        public override ChallengeId? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            TryParse(reader.GetString(), out var id) ? id : throw new JsonException("Not a challenge id.");

        public override void Write(Utf8JsonWriter writer, ChallengeId value, JsonSerializerOptions options) =>
            writer.WriteStringValue(value.ToString());
    }
}
