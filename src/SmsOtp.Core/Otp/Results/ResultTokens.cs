namespace SmsOtp.Core.Otp.Results;

/// <summary>
/// The hosted pages' one-time <c>result</c> token (spec §2.7): the user's row key and 256 random bits, so
/// redeeming it is one point read. Only its HMAC (under a key derived from the HMAC key) is stored, on the
/// row, in the same conditional write that verifies the challenge.
/// </summary>
public sealed class ResultTokens(ServiceKeys keys)
{
    private const int SecretBytes = 32;
    private const string Purpose = "smsotp/pages/result";

    /// <summary>A new token for the challenge's row and the ticket to store when the code is verified.</summary>
    public async ValueTask<(string Token, ResultTicket Ticket)> NewAsync(ChallengeId challenge, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        Base64Url.TryDecode(challenge.PartitionKey, UserKey.HashLength, out var rowKey);
        var bytes = new byte[UserKey.HashLength + SecretBytes];
        rowKey.CopyTo(bytes, 0);
        RandomNumberGenerator.Fill(bytes.AsSpan(UserKey.HashLength));
        var token = Base64Url.Encode(bytes);
        return (token, new ResultTicket(await HashAsync(token, cancellationToken).ConfigureAwait(false), expiresAt));
    }

    /// <summary>The row key a token names, or null when it is not one of ours.</summary>
    public static string? PartitionKeyOf(string? token) =>
        Base64Url.TryDecode(token, UserKey.HashLength + SecretBytes, out var bytes)
            ? Base64Url.Encode(bytes.AsSpan(0, UserKey.HashLength))
            : null;

    public async ValueTask<string> HashAsync(string token, CancellationToken cancellationToken)
    {
        var key = (await keys.GetAsync(cancellationToken).ConfigureAwait(false)).Derive(Purpose);
        return Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(token)));
    }

    /// <summary>Constant-time comparison of a token's hash with the one on the row.</summary>
    public static bool HashEquals(string hash, string? stored) =>
        stored is not null && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(hash), Encoding.ASCII.GetBytes(stored));
}
