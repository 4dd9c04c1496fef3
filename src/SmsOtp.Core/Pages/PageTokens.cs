using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using SmsOtp.Core.Otp;
using SmsOtp.Core.Security;

namespace SmsOtp.Core.Pages;

/// <summary>
/// The pages' tokens, under keys derived (HKDF) from the service's HMAC key so no new secret is needed:
/// <list type="bullet">
/// <item>flow token: AES-256-GCM sealed (authenticated, so it is signed, and encrypted, so the challenge
/// id, a bearer handle, does not show in URLs or logs) challenge id, expiry and return URL;</item>
/// <item>CSRF token: HMAC of a per-browser cookie nonce and the flow token;</item>
/// <item>result token: the user's row key and 256 random bits; only its HMAC is stored.</item>
/// </list>
/// </summary>
public sealed class PageTokens(ServiceKeys keys)
{
    private const byte FlowVersion = 1;
    private const int GcmNonce = 12;
    private const int GcmTag = 16;
    private const int ChallengeBytes = 32;
    private const int MaxFlowChars = 4096;
    private const int RowKeyBytes = 16;
    private const int ResultSecretBytes = 32;
    private static readonly byte[] FlowAad = "smsotp/pages/flow/v1"u8.ToArray();

    public async ValueTask<string> SealFlowAsync(FlowToken flow, CancellationToken cancellationToken)
    {
        var key = await DeriveAsync("flow", cancellationToken).ConfigureAwait(false);
        var url = Encoding.UTF8.GetBytes(flow.ReturnUrl);
        var plain = new byte[1 + ChallengeBytes + 8 + url.Length];
        plain[0] = FlowVersion;
        if (!Users.Base64Url.TryDecode(flow.Challenge.ToString(), ChallengeBytes, out var challenge))
        {
            throw new ArgumentException("Not a challenge id.", nameof(flow));
        }

        challenge.CopyTo(plain, 1);
        BinaryPrimitives.WriteInt64BigEndian(plain.AsSpan(1 + ChallengeBytes), flow.ExpiresAt.ToUnixTimeSeconds());
        url.CopyTo(plain, 1 + ChallengeBytes + 8);

        var output = new byte[GcmNonce + plain.Length + GcmTag];
        RandomNumberGenerator.Fill(output.AsSpan(0, GcmNonce));
        using var aes = new AesGcm(key, GcmTag);
        aes.Encrypt(output.AsSpan(0, GcmNonce), plain, output.AsSpan(GcmNonce, plain.Length), output.AsSpan(GcmNonce + plain.Length), FlowAad);
        return Users.Base64Url.Encode(output);
    }

    /// <summary>Null for anything not sealed by this service (tampered, truncated, another key).</summary>
    public async ValueTask<FlowToken?> OpenFlowAsync(string? token, CancellationToken cancellationToken)
    {
        // Checked first: TryDecodeFromChars throws, not returns false, on characters outside the alphabet.
        if (string.IsNullOrEmpty(token) || token.Length > MaxFlowChars || !System.Buffers.Text.Base64Url.IsValid(token))
        {
            return null;
        }

        var input = new byte[System.Buffers.Text.Base64Url.GetMaxDecodedLength(token.Length)];
        if (!System.Buffers.Text.Base64Url.TryDecodeFromChars(token, input, out var length)
            || length < GcmNonce + GcmTag + 1 + ChallengeBytes + 8)
        {
            return null;
        }

        var key = await DeriveAsync("flow", cancellationToken).ConfigureAwait(false);
        var plain = new byte[length - GcmNonce - GcmTag];
        try
        {
            using var aes = new AesGcm(key, GcmTag);
            aes.Decrypt(input.AsSpan(0, GcmNonce), input.AsSpan(GcmNonce, plain.Length), input.AsSpan(GcmNonce + plain.Length, GcmTag), plain, FlowAad);
        }
        catch (AuthenticationTagMismatchException)
        {
            return null;
        }

        if (plain[0] != FlowVersion
            || !ChallengeId.TryParse(Users.Base64Url.Encode(plain.AsSpan(1, ChallengeBytes)), out var challenge))
        {
            return null;
        }

        var expires = DateTimeOffset.FromUnixTimeSeconds(BinaryPrimitives.ReadInt64BigEndian(plain.AsSpan(1 + ChallengeBytes, 8)));
        return new FlowToken(challenge, expires, Encoding.UTF8.GetString(plain.AsSpan(1 + ChallengeBytes + 8)));
    }

    /// <summary>A fresh random value for the CSRF cookie.</summary>
    public static string NewCookieNonce() => Users.Base64Url.Encode(RandomNumberGenerator.GetBytes(32));

    public static bool IsCookieNonce(string? value) => TryDecodeExact(value, 32, out _);

    public async ValueTask<string> CsrfAsync(string cookieNonce, string flow, CancellationToken cancellationToken)
    {
        var key = await DeriveAsync("csrf", cancellationToken).ConfigureAwait(false);
        return Users.Base64Url.Encode(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(cookieNonce + "\n" + flow)));
    }

    public async ValueTask<bool> CsrfMatchesAsync(string? cookieNonce, string? flow, string? given, CancellationToken cancellationToken)
    {
        if (!IsCookieNonce(cookieNonce) || string.IsNullOrEmpty(flow) || string.IsNullOrEmpty(given))
        {
            return false;
        }

        var expected = await CsrfAsync(cookieNonce!, flow, cancellationToken).ConfigureAwait(false);
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(given));
    }

    /// <summary>A new result token for the user's row and the hash to store.</summary>
    public async ValueTask<(string Token, string Hash)> NewResultAsync(ChallengeId challenge, CancellationToken cancellationToken)
    {
        Users.Base64Url.TryDecode(challenge.PartitionKey, RowKeyBytes, out var rowKey);
        var bytes = new byte[RowKeyBytes + ResultSecretBytes];
        rowKey.CopyTo(bytes, 0);
        RandomNumberGenerator.Fill(bytes.AsSpan(RowKeyBytes));
        var token = Users.Base64Url.Encode(bytes);
        return (token, await ResultHashAsync(token, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>The row key a result token names, or null when it is not one.</summary>
    public static string? ResultPartitionKey(string? token) =>
        TryDecodeExact(token, RowKeyBytes + ResultSecretBytes, out var bytes)
            ? Users.Base64Url.Encode(bytes.AsSpan(0, RowKeyBytes))
            : null;

    public async ValueTask<string> ResultHashAsync(string token, CancellationToken cancellationToken)
    {
        var key = await DeriveAsync("result", cancellationToken).ConfigureAwait(false);
        return Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(token)));
    }

    /// <summary>Cookies and tokens come from the client: refuse non-alphabet characters before decoding (the decoder throws on them).</summary>
    private static bool TryDecodeExact(string? text, int length, out byte[] bytes)
    {
        bytes = [];
        return text is not null && System.Buffers.Text.Base64Url.IsValid(text) && Users.Base64Url.TryDecode(text, length, out bytes);
    }

    private async ValueTask<byte[]> DeriveAsync(string purpose, CancellationToken cancellationToken)
    {
        var set = await keys.GetAsync(cancellationToken).ConfigureAwait(false);
        return HKDF.DeriveKey(HashAlgorithmName.SHA256, set.HmacKey, 32, info: Encoding.UTF8.GetBytes("smsotp/pages/" + purpose));
    }
}
