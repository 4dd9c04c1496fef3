namespace SmsOtp.Core.Common;

/// <summary>RFC 4648 §5 base64url without padding.</summary>
public static class Base64Url
{
    public static string Encode(ReadOnlySpan<byte> data) => System.Buffers.Text.Base64Url.EncodeToString(data);

    public static bool TryDecode(string? text, int expectedLength, out byte[] bytes)
    {
        bytes = [];
        // TryDecodeFromChars throws (rather than failing) on characters outside the alphabet.
        if (text is null || text.Length != System.Buffers.Text.Base64Url.GetEncodedLength(expectedLength)
            || !System.Buffers.Text.Base64Url.IsValid(text))
        {
            return false;
        }

        var buffer = new byte[expectedLength];
        if (!System.Buffers.Text.Base64Url.TryDecodeFromChars(text, buffer, out var written) || written != expectedLength)
        {
            return false;
        }

        bytes = buffer;
        return true;
    }
}
