using Azure.Core;
using Azure.Core.Pipeline;

namespace SmsOtp.Core.Providers.Presets.Acs;

/// <summary>
/// Signs a request with an ACS access key, as ACS documents ("Sign an HTTP request with HMAC"): <c>x-ms-date</c> (RFC 1123),
/// <c>x-ms-content-sha256</c> (Base64 SHA-256 of the body) and
/// <c>Authorization: HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&amp;Signature=...</c>, the signature being
/// Base64 HMAC-SHA256 with the decoded key over <c>VERB\npath?query\ndate;host;hash</c>. A retry of the same request keeps
/// its date (ACS accepts 15 minutes of skew).
/// </summary>
public sealed class AcsHmacPolicy(byte[] accessKey, TimeProvider time) : HttpPipelineSynchronousPolicy
{
    public override void OnSendingRequest(HttpMessage message)
    {
        var request = message.Request;
        using var body = new MemoryStream();
        request.Content?.WriteTo(body, message.CancellationToken);
        var hash = Convert.ToBase64String(SHA256.HashData(body.ToArray()));
        var date = time.GetUtcNow().ToString("R", CultureInfo.InvariantCulture);
        var uri = request.Uri.ToUri();
        request.Headers.SetValue("x-ms-date", date);
        request.Headers.SetValue("x-ms-content-sha256", hash);
        request.Headers.SetValue("Authorization", "HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature="
            + Signature(accessKey, request.Method.Method, uri.PathAndQuery, date, uri.Authority, hash));
    }

    public static string Signature(byte[] key, string method, string pathAndQuery, string date, string host, string contentHash) =>
        Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(method + "\n" + pathAndQuery + "\n" + date + ";" + host + ";" + contentHash)));
}
