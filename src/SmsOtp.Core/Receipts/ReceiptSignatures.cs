using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace SmsOtp.Core.Receipts;

/// <summary>
/// How each provider proves a receipt (docs/providers.md §10), checked against every secret in force (the current and,
/// during a rotation, the previous). Every comparison is in constant time; a missing header, secret or field is false.
/// </summary>
public static class ReceiptSignatures
{
    /// <summary>Vonage's signed webhooks: receipts whose <c>timestamp</c> is further than this from now are refused.</summary>
    public static readonly TimeSpan VonageClockSkew = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Twilio's <c>X-Twilio-Signature</c>: base64 HMAC-SHA1 (auth token) over the URL as called and every POST
    /// parameter's name and value, sorted by name. The URL is tried with and without the default port, as Twilio's SDK does.
    /// </summary>
    public static bool Twilio(ReceiptRequest request, IReadOnlyList<string> authTokens)
    {
        if (ReceiptFields.Header(request, "X-Twilio-Signature") is not { Length: > 0 } presented
            || ReceiptFields.Form(request) is not { } form)
        {
            return false;
        }

        var parameters = string.Concat(form.Select(p => p.Key + p.Value));
        foreach (var url in UrlForms(request.Url))
        {
            var signed = Encoding.UTF8.GetBytes(url + parameters);
            if (authTokens.Any(token => Equal(Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(token), signed)), presented)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Vonage's signed webhooks (<c>sig</c>): every parameter but <c>sig</c>, <c>&amp;</c> and <c>=</c> in values made
    /// <c>_</c>, sorted, as <c>&amp;k=v…</c>; <c>md5hash</c> is MD5 over that and the secret, the others an HMAC keyed by
    /// it. Our own <c>r</c> in the callback's query is tried outside and inside the signed set (Vonage does not say).
    /// </summary>
    public static bool Vonage(ReceiptRequest request, IReadOnlyList<string> secrets, string method, DateTimeOffset now)
    {
        var query = ReceiptFields.Query(request.Url);
        var body = string.Equals(request.Method, "GET", StringComparison.OrdinalIgnoreCase) ? query : ReceiptFields.Body(request);
        if (query is null || body is null || secrets.Count == 0
            || !body.TryGetValue("sig", out var sig) || !TryHex(sig, out var presented)
            || ReceiptFields.Integer(body.GetValueOrDefault("timestamp")) is not { } timestamp
            || Math.Abs(now.ToUnixTimeSeconds() - timestamp) > VonageClockSkew.TotalSeconds)
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

    /// <summary>
    /// Plivo's <c>X-Plivo-Signature-V3</c> with <c>X-Plivo-Signature-V3-Nonce</c> (or the main account's
    /// <c>-Ma-V3</c>): base64 HMAC-SHA256 (auth token) over the URL, its sorted query and the sorted POST parameters,
    /// then the nonce. The header may list several signatures, one per active token: any match proves it.
    /// </summary>
    public static bool PlivoV3(ReceiptRequest request, IReadOnlyList<string> authTokens)
    {
        if (ReceiptFields.Header(request, "X-Plivo-Signature-V3-Nonce") is not { Length: > 0 } nonce
            || ReceiptFields.Query(request.Url) is not { } query)
        {
            return false;
        }

        var get = string.Equals(request.Method, "GET", StringComparison.OrdinalIgnoreCase);
        var parameters = get ? new SortedDictionary<string, string>(StringComparer.Ordinal) : ReceiptFields.Form(request);
        if (parameters is null)
        {
            return false;
        }

        var signed = new StringBuilder(request.Url.GetLeftPart(UriPartial.Path));
        var sortedQuery = string.Join('&', query.Select(p => p.Key + "=" + p.Value));
        if (get)
        {
            signed.Append(sortedQuery.Length > 0 ? "?" + sortedQuery : "");
        }
        else
        {
            signed.Append(sortedQuery.Length > 0 ? "?" + sortedQuery + "." : parameters.Count > 0 ? "?" : "");
            foreach (var (name, value) in parameters)
            {
                signed.Append(name).Append(value);
            }
        }

        var message = Encoding.UTF8.GetBytes(signed.Append('.').Append(nonce).ToString());
        var presented = new[] { "X-Plivo-Signature-V3", "X-Plivo-Signature-Ma-V3" }
            .Select(name => ReceiptFields.Header(request, name))
            .Where(value => !string.IsNullOrEmpty(value))
            .SelectMany(value => value!.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            .ToList();
        foreach (var token in authTokens)
        {
            var expected = Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(token), message));
            if (presented.Any(p => Equal(expected, p)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A secret token in the URL (Clickatell, BulkSMS, raw templates): equal to one of the tokens in force.</summary>
    public static bool Token(string? presented, IReadOnlyList<string> tokens) =>
        !string.IsNullOrEmpty(presented) && tokens.Any(token => token.Length > 0 && Equal(token, presented));

    /// <summary>The URL as called, and the same with the default port added or removed.</summary>
    private static IEnumerable<string> UrlForms(Uri url)
    {
        var original = url.OriginalString;
        yield return original;
        var authority = url.Scheme + "://" + url.Host;
        var withPort = authority + ":" + url.Port.ToString(CultureInfo.InvariantCulture);
        if (url.IsDefaultPort && original.StartsWith(withPort, StringComparison.OrdinalIgnoreCase))
        {
            yield return authority + original[withPort.Length..];
        }
        else if (url.IsDefaultPort && original.StartsWith(authority, StringComparison.OrdinalIgnoreCase))
        {
            yield return withPort + original[authority.Length..];
        }
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

    private static bool Equal(string expected, string presented) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(expected), Encoding.UTF8.GetBytes(presented));
}
