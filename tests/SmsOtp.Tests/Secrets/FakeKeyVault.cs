using System.Collections.Concurrent;
using Azure.Core.Pipeline;
using Azure.Core;
using Azure.Security.KeyVault.Secrets;

namespace SmsOtp.Tests.Secrets;

/// <summary>
/// A Key Vault on the wire for the real <see cref="SecretClient"/>: it answers a request without a bearer
/// token with the vault's 401 challenge, serves <c>GET /secrets/{name}/</c> to the token the fake credential
/// issued, and 404 <c>SecretNotFound</c> for an unknown name. Each test uses its own vault host, since the
/// SDK caches challenges per host.
/// </summary>
public sealed class FakeKeyVault : HttpMessageHandler
{
    public const string Tenant = "72f988bf-86f1-41af-91ab-2d7cd011db47";
    public const string Token = "fake-access-token";

    public ConcurrentDictionary<string, string> Secrets { get; } = new(StringComparer.Ordinal);
    public ConcurrentQueue<(string Path, string? Authorization)> Requests { get; } = new();
    public Uri VaultUri { get; } = new($"https://kv{Guid.NewGuid():N}".Substring(0, 28) + ".vault.azure.net/");
    public FakeCredential Credential { get; } = new();

    public SecretClient CreateClient() => new(VaultUri, Credential, new SecretClientOptions
    {
        Transport = new HttpClientTransport(new HttpClient(this)),
        Retry = { MaxRetries = 0 },
    });

    public int SecretReads(string name) => Requests.Count(r => r.Path.TrimEnd('/') == "/secrets/" + name && r.Authorization is not null);

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var authorization = request.Headers.Authorization?.ToString();
        Requests.Enqueue((request.RequestUri!.AbsolutePath, authorization));
        if (authorization is null)
        {
            var challenge = new HttpResponseMessage(HttpStatusCode.Unauthorized);
            challenge.Headers.TryAddWithoutValidation("WWW-Authenticate",
                $"Bearer authorization=\"https://login.microsoftonline.com/{Tenant}\", resource=\"https://vault.azure.net\"");
            return Task.FromResult(challenge);
        }

        if (authorization != "Bearer " + Token)
        {
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.Forbidden));
        }

        var segments = request.RequestUri.AbsolutePath.Trim('/').Split('/');
        if (request.Method != HttpMethod.Get || segments.Length < 2 || segments[0] != "secrets")
        {
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.BadRequest));
        }

        var name = segments[1];
        if (!Secrets.TryGetValue(name, out var value))
        {
            return Task.FromResult(Json(HttpStatusCode.NotFound, new { error = new { code = "SecretNotFound", message = $"A secret with (name/id) {name} was not found in this key vault." } }));
        }

        return Task.FromResult(Json(HttpStatusCode.OK, new
        {
            value,
            id = $"{VaultUri}secrets/{name}/0123456789abcdef0123456789abcdef",
            attributes = new { enabled = true, created = 1700000000, updated = 1700000000, recoveryLevel = "Recoverable+Purgeable" },
        }));
    }

    private static HttpResponseMessage Json(HttpStatusCode status, object body) =>
        new(status) { Content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json") };

    /// <summary>Issues <see cref="Token"/> and records what was asked for.</summary>
    public sealed class FakeCredential : TokenCredential
    {
        public ConcurrentQueue<TokenRequestContext> Requests { get; } = new();

        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken)
        {
            Requests.Enqueue(requestContext);
            return new AccessToken(Token, DateTimeOffset.UtcNow.AddHours(1));
        }

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            ValueTask.FromResult(GetToken(requestContext, cancellationToken));
    }
}
