using System.Buffers.Binary;

namespace SmsOtp.Core.Providers.Receipts;

/// <summary>
/// The reference of one code version (spec §8): the user's row key and the code version, authenticated with a key
/// derived from the service's HMAC key, so a receipt names its row (one point read, never a lookup by message id)
/// and nobody can make up a reference that passes. 43 URL-safe characters: the per-message callback's <c>r</c>,
/// Clickatell's <c>clientMessageId</c>, the source of BulkSMS's deduplication id. It holds no code, number or
/// secret; the row key is the same unkeyed hash a challenge id carries.
/// </summary>
public static class MessageReference
{
    /// <summary>What the key is derived for (<c>KeySet.Derive</c>).</summary>
    public const string Purpose = "smsotp/receipts/reference";

    private const int RowKeyBytes = 16;
    private const int MacBytes = 12;

    public static string Create(byte[] key, string partitionKey, int codeVersion)
    {
        if (!Base64Url.TryDecode(partitionKey, RowKeyBytes, out var row))
        {
            throw new ArgumentException("Not a row key.", nameof(partitionKey));
        }

        Span<byte> data = stackalloc byte[RowKeyBytes + 4 + MacBytes];
        row.CopyTo(data);
        BinaryPrimitives.WriteInt32BigEndian(data[RowKeyBytes..], codeVersion);
        Mac(key, data[..(RowKeyBytes + 4)], data[(RowKeyBytes + 4)..]);
        return Base64Url.Encode(data);
    }

    /// <summary>Reads a reference made with any of <paramref name="keys"/> (the keys in force); false for anything else.</summary>
    public static bool TryRead(string? reference, IEnumerable<byte[]> keys, out string partitionKey, out int codeVersion)
    {
        partitionKey = "";
        codeVersion = 0;
        if (!Base64Url.TryDecode(reference, RowKeyBytes + 4 + MacBytes, out var data))
        {
            return false;
        }

        Span<byte> expected = stackalloc byte[MacBytes];
        foreach (var key in keys)
        {
            Mac(key, data.AsSpan(0, RowKeyBytes + 4), expected);
            if (CryptographicOperations.FixedTimeEquals(expected, data.AsSpan(RowKeyBytes + 4)))
            {
                partitionKey = Base64Url.Encode(data.AsSpan(0, RowKeyBytes));
                codeVersion = BinaryPrimitives.ReadInt32BigEndian(data.AsSpan(RowKeyBytes));
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The 20-character form for BulkSMS's <c>userSuppliedId</c>, or null for a reference not made here. Not
    /// authenticated (BulkSMS's webhook token is), and the receipt's message id must still match the stored one.
    /// </summary>
    public static string? Short(string reference)
    {
        if (!Base64Url.TryDecode(reference, RowKeyBytes + 4 + MacBytes, out var data))
        {
            return null;
        }

        Span<byte> result = stackalloc byte[15];
        data.AsSpan(0, 12).CopyTo(result);
        data.AsSpan(RowKeyBytes + 1, 3).CopyTo(result[12..]);
        return Base64Url.Encode(result);
    }

    /// <summary>Reads a short reference: the row key's first 16 characters and the code version's low 24 bits.</summary>
    public static bool TryReadShort(string? value, out string partitionKeyPrefix, out int codeVersionLow)
    {
        partitionKeyPrefix = "";
        codeVersionLow = 0;
        if (!Base64Url.TryDecode(value, 15, out var data))
        {
            return false;
        }

        partitionKeyPrefix = Base64Url.Encode(data.AsSpan(0, 12));
        codeVersionLow = (data[12] << 16) | (data[13] << 8) | data[14];
        return true;
    }

    private static void Mac(byte[] key, ReadOnlySpan<byte> data, Span<byte> destination)
    {
        Span<byte> full = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(key, data, full);
        full[..destination.Length].CopyTo(destination);
    }
}
