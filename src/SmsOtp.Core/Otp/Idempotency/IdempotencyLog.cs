using System.Text.Json.Serialization;

namespace SmsOtp.Core.Otp.Idempotency;

/// <summary>
/// The keyed calls of a user's current challenge, kept on the user's row (<see cref="UserRecord.Idempotency"/>):
/// per call its operation, key, a keyed hash of what it asked for, and its first answer. A send, mobile or
/// resend writes the row anyway, so keeping them costs no storage transaction; they end with the
/// challenge (a new challenge keeps none of the old one's), and at most <see cref="MaxEntries"/> are kept.
/// Requests are stored only as HMACs: a mobile call's request holds a number.
/// </summary>
public static class IdempotencyLog
{
    public const int MaxEntries = 8;
    private const string Purpose = "smsotp/idempotency";

    /// <summary>What a repeat of <paramref name="call"/> finds: nothing, its first answer, or a reuse for another request.</summary>
    public static (SendResponse? Answer, bool Reused) Find(UserRecord row, string operation, IdempotentCall call, byte[] fingerprintKey)
    {
        foreach (var entry in Read(row))
        {
            if (entry.Operation == operation && entry.Nonce == row.ChallengeNonce && KeyEquals(entry.Key, call.Key))
            {
                return CryptographicOperations.FixedTimeEquals(Convert.FromBase64String(entry.Request), Fingerprint(operation, call, fingerprintKey))
                    ? (JsonSerializer.Deserialize<SendResponse>(entry.Answer, JsonDefaults.Options), false)
                    : (null, true);
            }
        }

        return (null, false);
    }

    /// <summary>Records <paramref name="answer"/> for the call on the (not yet written) row; entries of earlier challenges go.</summary>
    public static void Record(UserRecord row, string operation, IdempotentCall call, byte[] fingerprintKey, SendResponse answer)
    {
        var entries = Read(row).Where(e => e.Nonce == row.ChallengeNonce).TakeLast(MaxEntries - 1).ToList();
        entries.Add(new Entry(operation, row.ChallengeNonce!, call.Key, Convert.ToBase64String(Fingerprint(operation, call, fingerprintKey)),
            JsonSerializer.Serialize(answer, JsonDefaults.Options)));
        row.Idempotency = JsonSerializer.Serialize(entries, JsonDefaults.Options);
    }

    /// <summary>The key the fingerprints are made with, derived from the service's HMAC key.</summary>
    public static byte[] FingerprintKey(Security.KeySet keys) => keys.Derive(Purpose);

    private static byte[] Fingerprint(string operation, IdempotentCall call, byte[] key) =>
        HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(operation + "\n" + call.Request));

    private static bool KeyEquals(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(a), Encoding.UTF8.GetBytes(b));

    private static List<Entry> Read(UserRecord row)
    {
        if (string.IsNullOrEmpty(row.Idempotency))
        {
            return [];
        }

        try
        {
            return JsonSerializer.Deserialize<List<Entry>>(row.Idempotency, JsonDefaults.Options) ?? [];
        }
        catch (JsonException)
        {
            return [];
        }
    }

    private sealed record Entry(
        [property: JsonPropertyName("op")] string Operation,
        [property: JsonPropertyName("n")] string Nonce,
        [property: JsonPropertyName("k")] string Key,
        [property: JsonPropertyName("r")] string Request,
        [property: JsonPropertyName("a")] string Answer);
}
