using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using WireMock;
using WireMock.Settings;
using WireMock.Types;
using WireMock.Util;

namespace SmsOtp.Tests.Providers.Acs;

/// <summary>
/// A fake ACS SMS endpoint on WireMock that checks what ACS checks: an HMAC-SHA256 signature recomputed here from the
/// request as received (its own implementation of ACS's documented scheme, so a wrong string-to-sign fails), or a bearer
/// token; and that keeps ACS's repeatability record: a repeat of a request id answers the first result and sends nothing.
/// </summary>
public sealed class AcsEndpoint : IDisposable
{
    public const string AccessKey = "c2VjcmV0LWFjY2Vzcy1rZXktZm9yLXRoZS10ZXN0LW9ubHk=";

    // A self-signed certificate for localhost, made once (a bearer token is only ever sent over https).
    private static readonly Lazy<X509Certificate2> Certificate = new(() =>
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(System.Net.IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        using var made = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        return X509CertificateLoader.LoadPkcs12(made.Export(X509ContentType.Pfx), null);
    });

    private readonly ConcurrentDictionary<string, string> _repeats = new(StringComparer.Ordinal);

    private AcsEndpoint(WireMockServer server) => Server = server;

    public WireMockServer Server { get; }

    /// <summary>The SMS actually sent (a repeat of a known request id sends none).</summary>
    public ConcurrentQueue<JsonElement> Sent { get; } = new();

    /// <summary>Every authenticated request's body, as received (the log keeps only answered ones).</summary>
    public ConcurrentQueue<JsonElement> Requests { get; } = new();

    /// <summary>The bearer token to accept; null: requests must be HMAC-signed with <see cref="AccessKey"/>.</summary>
    public string? BearerToken { get; init; }

    /// <summary>The answer to a first request (status, body); default: 202 with a successful result.</summary>
    public Func<int, (int Status, string Body, string? RetryAfter)>? Answer { get; set; }

    /// <summary>How long the first request's answer takes (a lost answer: longer than the client waits).</summary>
    public TimeSpan FirstAnswerDelay { get; set; }

    public string Url => Server.Url!;

    public static AcsEndpoint Start(bool https = false, string? bearerToken = null)
    {
        var settings = new WireMockServerSettings { UseSSL = https };
        if (https)
        {
            settings.CertificateSettings = new WireMockCertificateSettings { X509Certificate = Certificate.Value };
        }

        var server = WireMockServer.Start(settings);
        var endpoint = new AcsEndpoint(server) { BearerToken = bearerToken };
        server.Given(Request.Create().WithPath("/sms").UsingPost()).RespondWith(Response.Create().WithCallback(endpoint.Respond));
        return endpoint;
    }

    public static string ConnectionString => "endpoint=https://contoso.communication.azure.com/;accesskey=" + AccessKey;

    /// <summary>ACS's documented scheme, written here independently of the service.</summary>
    public static string ExpectedAuthorization(string method, string pathAndQuery, string date, string host, string contentHash)
    {
        var toSign = method + "\n" + pathAndQuery + "\n" + date + ";" + host + ";" + contentHash;
        var signature = Convert.ToBase64String(HMACSHA256.HashData(Convert.FromBase64String(AccessKey), Encoding.UTF8.GetBytes(toSign)));
        return "HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature=" + signature;
    }

    /// <summary>Why ACS would refuse this request's authentication, or null when it would accept it.</summary>
    public string? AuthenticationProblem(IRequestMessage request)
    {
        var authorization = Header(request, "Authorization");
        if (BearerToken is not null)
        {
            return authorization == "Bearer " + BearerToken ? null : "bearer";
        }

        var body = request.BodyAsBytes ?? Encoding.UTF8.GetBytes(request.Body ?? "");
        var hash = Header(request, "x-ms-content-sha256");
        var date = Header(request, "x-ms-date");
        if (hash != Convert.ToBase64String(SHA256.HashData(body)))
        {
            return "content-hash";
        }

        if (date is null || !DateTimeOffset.TryParse(date, out var at) || (DateTimeOffset.UtcNow - at).Duration() > TimeSpan.FromMinutes(15))
        {
            return "date";
        }

        var uri = new Uri(request.Url);
        return authorization == ExpectedAuthorization(request.Method, uri.PathAndQuery, date, Header(request, "Host")!, hash) ? null : "signature";
    }

    public void Dispose() => Server.Dispose();

    private static string? Header(IRequestMessage request, string name) =>
        request.Headers?.FirstOrDefault(h => h.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).Value?.ToString();

    private async Task<IResponseMessage> Respond(IRequestMessage request)
    {
        if (AuthenticationProblem(request) is not null)
        {
            return Message(401, "{\"error\":{\"code\":\"Unauthorized\",\"message\":\"Denied by the authentication policy.\"}}", null);
        }

        var json = JsonDocument.Parse(request.Body!).RootElement.Clone();
        Requests.Enqueue(json);
        var recipient = json.GetProperty("smsRecipients")[0];
        var id = recipient.TryGetProperty("repeatabilityRequestId", out var r) ? r.GetString() : null;
        if (id is not null && _repeats.TryGetValue(id, out var first))
        {
            return Message(202, first, null);
        }

        var number = Sent.Count + 1;
        var (status, body, retryAfter) = Answer?.Invoke(number) ?? (202, Success("Outgoing_" + number), null);
        if (status == 202 && body.Contains("\"successful\":true", StringComparison.Ordinal))
        {
            Sent.Enqueue(json);
            if (id is not null)
            {
                _repeats[id] = body;
            }
        }

        if (number == 1 && FirstAnswerDelay > TimeSpan.Zero)
        {
            // Without blocking a thread: the retry arrives while this answer is still on its way.
            await Task.Delay(FirstAnswerDelay);
        }

        return Message(status, body, retryAfter);
    }

    public static string Success(string messageId) =>
        "{\"value\":[{\"to\":\"+94778888888\",\"messageId\":\"" + messageId + "\",\"httpStatusCode\":202,\"repeatabilityResult\":\"accepted\",\"successful\":true}]}";

    public static string Failure(int httpStatusCode, string errorMessage, string? repeatabilityResult = null) =>
        "{\"value\":[{\"to\":\"+94778888888\",\"httpStatusCode\":" + httpStatusCode + ",\"errorMessage\":\"" + errorMessage + "\""
        + (repeatabilityResult is null ? "" : ",\"repeatabilityResult\":\"" + repeatabilityResult + "\"") + ",\"successful\":false}]}";

    private static ResponseMessage Message(int status, string body, string? retryAfter)
    {
        var headers = new Dictionary<string, WireMockList<string>> { ["Content-Type"] = new("application/json") };
        if (retryAfter is not null)
        {
            headers["Retry-After"] = new(retryAfter);
        }

        return new ResponseMessage
        {
            StatusCode = status,
            Headers = headers,
            BodyData = new BodyData { DetectedBodyType = BodyType.String, BodyAsString = body },
        };
    }
}
