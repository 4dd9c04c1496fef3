using System.Buffers.Binary;

namespace SmsOtp.Core.Pages;

/// <summary>
/// The pages' tokens, under keys derived (HKDF) from the service's HMAC key so no new secret is needed:
/// <list type="bullet">
/// <item>flow token: AES-256-GCM sealed (authenticated, so it is signed, and encrypted, so the challenge
/// id, a bearer handle, does not show in URLs or logs) challenge id, expiry and return URL;</item>
/// <item>CSRF token: HMAC of a per-browser cookie nonce and the flow token.</item>
/// </list>
/// The one-time result token is the challenge's (<see cref="ResultTokens"/>).
/// </summary>
public sealed class PageTokens(ServiceKeys keys)
{
    private const byte FlowVersion = 1;
    private const int GcmNonce = 12;
    private const int GcmTag = 16;
    private const int ChallengeBytes = 32;
    private const int MaxFlowChars = 4096;
    private static readonly byte[] FlowAad = "smsotp/pages/flow/v1"u8.ToArray();

    public async ValueTask<string> SealFlowAsync(FlowToken flow, CancellationToken cancellationToken)
    {
        var key = await DeriveAsync("flow", cancellationToken).ConfigureAwait(false);
        var url = Encoding.UTF8.GetBytes(flow.ReturnUrl);
        var plain = new byte[1 + ChallengeBytes + 8 + url.Length];
        plain[0] = FlowVersion;
        if (!Base64Url.TryDecode(flow.Challenge.ToString(), ChallengeBytes, out var challenge))
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
        return Base64Url.Encode(output);
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
            || !ChallengeId.TryParse(Base64Url.Encode(plain.AsSpan(1, ChallengeBytes)), out var challenge))
        {
            return null;
        }

        var expires = DateTimeOffset.FromUnixTimeSeconds(BinaryPrimitives.ReadInt64BigEndian(plain.AsSpan(1 + ChallengeBytes, 8)));
        return new FlowToken(challenge, expires, Encoding.UTF8.GetString(plain.AsSpan(1 + ChallengeBytes + 8)));
    }

    /// <summary>A fresh random value for the CSRF cookie.</summary>
    public static string NewCookieNonce() => Base64Url.Encode(RandomNumberGenerator.GetBytes(32));

    public static bool IsCookieNonce(string? value) => Base64Url.TryDecode(value, 32, out _);

    public async ValueTask<string> CsrfAsync(string cookieNonce, string flow, CancellationToken cancellationToken)
    {
        var key = await DeriveAsync("csrf", cancellationToken).ConfigureAwait(false);
        return Base64Url.Encode(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(cookieNonce + "\n" + flow)));
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

    private async ValueTask<byte[]> DeriveAsync(string purpose, CancellationToken cancellationToken) =>
        (await keys.GetAsync(cancellationToken).ConfigureAwait(false)).Derive("smsotp/pages/" + purpose);
}
