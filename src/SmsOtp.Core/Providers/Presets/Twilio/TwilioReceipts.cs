namespace SmsOtp.Core.Providers.Presets.Twilio;

/// <summary>Twilio's status callbacks: read from the form, proved by <c>X-Twilio-Signature</c>.</summary>
public static class TwilioReceipts
{
    public static PresetReceipts Receipts { get; } = PresetReceipts.Flat(ReceiptFields.Form,
        new("MessageSid", "MessageStatus", "ErrorCode") { OldId = "SmsSid", Delivered = ["delivered", "read"], Undelivered = ["undelivered"], Failed = ["failed", "canceled"] },
        proof => IsAuthentic(proof.Request, proof.Secrets));

    /// <summary>
    /// Twilio's <c>X-Twilio-Signature</c>: base64 HMAC-SHA1 (auth token) over the URL as called and every POST
    /// parameter's name and value, sorted by name. The URL is tried with and without the default port, as Twilio's SDK does.
    /// </summary>
    public static bool IsAuthentic(ReceiptRequest request, IReadOnlyList<string> authTokens)
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
            if (authTokens.Any(token => ReceiptProof.Equal(Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(token), signed)), presented)))
            {
                return true;
            }
        }

        return false;
    }

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

}
