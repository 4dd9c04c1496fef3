namespace SmsOtp.Core.Providers.Presets.Vonage;

/// <summary>Vonage's delivery receipts: read from the query (GET) or body, proved by the signed webhook's <c>sig</c> when a <c>SignatureSecret</c> is set.</summary>
public static class VonageReceipts
{
    public static PresetReceipts Receipts { get; } = PresetReceipts.Flat(Fields,
        new("messageId", "status", "err-code") { Delivered = ["delivered"], Undelivered = ["expired", "failed"], Failed = ["rejected"] },
        proof => proof.Secrets.Count > 0
            ? IsAuthentic(proof.Request, proof.Secrets, proof.SignatureMethod, proof.Now)

            // Without a signature secret a Vonage receipt rests on the reference: 96 bits only this service can make.
            : proof.Reports.Count > 0 && proof.Reports.All(r => MessageReference.TryRead(r.Reference, proof.ReferenceKeys, out _, out _)));

    /// <summary>Vonage's signed webhooks: receipts whose <c>timestamp</c> is further than this from now are refused.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Vonage's signed webhooks (<c>sig</c>): every parameter but <c>sig</c>, <c>&amp;</c> and <c>=</c> in values made
    /// <c>_</c>, sorted, as <c>&amp;k=v…</c>; <c>md5hash</c> is MD5 over that and the secret, the others an HMAC keyed by
    /// it. Our own <c>r</c> in the callback's query is tried outside and inside the signed set (Vonage does not say).
    /// </summary>
    public static bool IsAuthentic(ReceiptRequest request, IReadOnlyList<string> secrets, string method, DateTimeOffset now)
    {
        var query = ReceiptFields.Query(request.Url);
        var body = Fields(request);
        if (query is null || body is null || secrets.Count == 0
            || !body.TryGetValue("sig", out var sig) || !TryHex(sig, out var presented)
            || ReceiptFields.Integer(body.GetValueOrDefault("timestamp")) is not { } timestamp
            || Math.Abs(now.ToUnixTimeSeconds() - timestamp) > ClockSkew.TotalSeconds)
        {
            return false;
        }

        var without = new SortedDictionary<string, string>(body.Where(p => p.Key is not ("sig" or "r")).ToDictionary(), StringComparer.Ordinal);
        var with = new SortedDictionary<string, string>(without, StringComparer.Ordinal);
        if (query.TryGetValue("r", out var reference))
        {
            with["r"] = reference;
        }

        foreach (var set in with.Count == without.Count ? [without] : new[] { without, with })
        {
            var signed = "&" + string.Join('&', set.Select(p => p.Key + "=" + p.Value.Replace('&', '_').Replace('=', '_')));
            foreach (var secret in secrets)
            {
                if (VonageHash(method, secret, signed) is { } expected && CryptographicOperations.FixedTimeEquals(expected, presented))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static byte[]? VonageHash(string method, string secret, string signed)
    {
        var key = Encoding.UTF8.GetBytes(secret);
        var data = Encoding.UTF8.GetBytes(signed);
        return method.ToLowerInvariant() switch
        {
            "md5hash" => MD5.HashData(Encoding.UTF8.GetBytes(signed + secret)),
            "md5" => HMACMD5.HashData(key, data),
            "sha1" => HMACSHA1.HashData(key, data),
            "sha256" => HMACSHA256.HashData(key, data),
            "sha512" => HMACSHA512.HashData(key, data),
            _ => null,
        };
    }

    private static bool TryHex(string text, out byte[] bytes)
    {
        bytes = [];
        if (text.Length is 0 or > 256 || text.Length % 2 != 0 || !text.All(char.IsAsciiHexDigit))
        {
            return false;
        }

        bytes = Convert.FromHexString(text);
        return true;
    }

    /// <summary>A receipt's fields: the query of a GET, else the body (a form or flat JSON).</summary>
    private static SortedDictionary<string, string>? Fields(ReceiptRequest request) =>
        string.Equals(request.Method, "GET", StringComparison.OrdinalIgnoreCase) ? ReceiptFields.Query(request.Url) : ReceiptFields.Body(request);
}
