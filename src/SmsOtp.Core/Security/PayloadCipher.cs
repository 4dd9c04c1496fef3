namespace SmsOtp.Core.Security;

/// <summary>AES-256-GCM for the queue payload: nonce (12) | ciphertext | tag (16), base64.</summary>
public static class PayloadCipher
{
    private const int NonceSize = 12;
    private const int TagSize = 16;

    public static string Encrypt(byte[] key, string plaintext, string associatedData)
    {
        var plain = Encoding.UTF8.GetBytes(plaintext);
        var output = new byte[NonceSize + plain.Length + TagSize];
        var nonce = output.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(key, TagSize);
        aes.Encrypt(nonce, plain, output.AsSpan(NonceSize, plain.Length), output.AsSpan(NonceSize + plain.Length), Encoding.UTF8.GetBytes(associatedData));
        return Convert.ToBase64String(output);
    }

    /// <summary>Returns null when the payload was tampered with or was sealed under another key.</summary>
    public static string? Decrypt(byte[] key, string sealedText, string associatedData)
    {
        byte[] input;
        try
        {
            input = Convert.FromBase64String(sealedText);
        }
        catch (FormatException)
        {
            return null;
        }

        if (input.Length < NonceSize + TagSize)
        {
            return null;
        }

        var length = input.Length - NonceSize - TagSize;
        var plain = new byte[length];
        try
        {
            using var aes = new AesGcm(key, TagSize);
            aes.Decrypt(input.AsSpan(0, NonceSize), input.AsSpan(NonceSize, length), input.AsSpan(NonceSize + length), plain, Encoding.UTF8.GetBytes(associatedData));
        }
        catch (AuthenticationTagMismatchException)
        {
            return null;
        }

        return Encoding.UTF8.GetString(plain);
    }
}
