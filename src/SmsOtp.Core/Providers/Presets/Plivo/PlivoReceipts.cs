namespace SmsOtp.Core.Providers.Presets.Plivo;

/// <summary>Plivo's message callbacks: read from the form, proved by <c>X-Plivo-Signature-V3</c>.</summary>
public static class PlivoReceipts
{
    public static PresetReceipts Receipts { get; } = PresetReceipts.Flat(ReceiptFields.Form,
        new("MessageUUID", "Status", "ErrorCode") { Delivered = ["delivered", "read"], Undelivered = ["undelivered"], Failed = ["failed", "rejected"] },
        proof => IsAuthentic(proof.Request, proof.Secrets));

    /// <summary>
    /// Plivo's <c>X-Plivo-Signature-V3</c> with <c>X-Plivo-Signature-V3-Nonce</c> (or the main account's
    /// <c>-Ma-V3</c>): base64 HMAC-SHA256 (auth token) over the URL, its sorted query and the sorted POST parameters,
    /// then the nonce. The header may list several signatures, one per active token: any match proves it.
    /// </summary>
    public static bool IsAuthentic(ReceiptRequest request, IReadOnlyList<string> authTokens)
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
            if (presented.Any(p => ReceiptProof.Equal(expected, p)))
            {
                return true;
            }
        }

        return false;
    }

}
