using System.Text.Json.Serialization;

namespace SmsOtp.Core.Delivery;

/// <summary>
/// What goes on the delivery queue. Only routing data is in clear; the number and code are sealed in
/// <see cref="Sealed"/> (AES-GCM under the key named by <see cref="KeyId"/>), bound to row and version.
/// </summary>
public sealed record DeliveryMessage(
    [property: JsonPropertyName("v")] int Version,
    [property: JsonPropertyName("pk")] string PartitionKey,
    [property: JsonPropertyName("cv")] int CodeVersion,
    [property: JsonPropertyName("etag")] string? ETag,
    [property: JsonPropertyName("exp")] DateTimeOffset ExpiresAt,
    [property: JsonPropertyName("kid")] string KeyId,
    [property: JsonPropertyName("ct")] string Sealed)
{
    public const int CurrentVersion = 1;

    public string AssociatedData => $"{PartitionKey}|{CodeVersion}";
}
