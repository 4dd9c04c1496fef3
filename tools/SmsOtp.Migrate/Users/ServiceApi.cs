using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Http.Resilience;
using Polly;

namespace SmsOtp.Migrate.Users;

/// <summary>
/// The profile routes of the service (spec §2.5) over HTTP with the function key (<c>x-functions-key</c>).
/// <c>--api</c> is the service's address; <c>/api/</c> is added unless it is already there. Throttling and
/// transient failures (429, 503, 5xx, timeouts) are retried with backoff, honouring <c>Retry-After</c>: every
/// call is idempotent (PUT), so a retry cannot import twice.
/// </summary>
public sealed class ServiceApi : IDisposable
{
    private readonly HttpClient _http;
    private readonly string _tenant;

    public ServiceApi(string address, string? functionKey, string tenant, ServiceApiOptions? options = null)
    {
        options ??= new ServiceApiOptions();
        _tenant = tenant;
        var pipeline = new ResiliencePipelineBuilder<HttpResponseMessage>()
            .AddRetry(new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = options.MaxRetries,
                Delay = options.RetryDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                ShouldRetryAfterHeader = true,
            })
            .AddTimeout(options.AttemptTimeout)
            .Build();
        _http = new HttpClient(new ResilienceHandler(pipeline) { InnerHandler = options.InnerHandler ?? new SocketsHttpHandler() })
        {
            BaseAddress = BaseAddress(address),
            Timeout = Timeout.InfiniteTimeSpan, // the pipeline bounds each attempt
        };
        if (!string.IsNullOrEmpty(functionKey))
        {
            _http.DefaultRequestHeaders.Add("x-functions-key", functionKey);
        }
    }

    public Uri Address => _http.BaseAddress!;

    /// <summary><c>https://host</c>, <c>https://host/</c>, <c>https://host/api</c> and <c>https://host/api/</c> all mean <c>https://host/api/</c>.</summary>
    public static Uri BaseAddress(string address)
    {
        if (!Uri.TryCreate(address.Trim(), UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new MigrationInputException($"--api '{address}' is not an http(s) address (e.g. https://func-otp.azurewebsites.net).");
        }

        var path = uri.AbsolutePath.TrimEnd('/');
        if (!path.EndsWith("/api", StringComparison.OrdinalIgnoreCase))
        {
            path += "/api";
        }

        return new UriBuilder(uri) { Path = path + "/", Query = "" }.Uri;
    }

    public Task<ApiAnswer> GetProfileAsync(string userId, CancellationToken ct) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Get, Route("users", userId)), ct);

    /// <summary>Only what the export has is sent: no <c>mobile</c> keeps a number the profile may already have.</summary>
    public Task<ApiAnswer> PutProfileAsync(string userId, string? mobile, bool? smsOtpDisabled, CancellationToken ct)
    {
        var body = new Dictionary<string, object>();
        if (mobile is not null)
        {
            body["mobile"] = mobile;
        }

        if (smsOtpDisabled is { } disabled)
        {
            body["smsOtpDisabled"] = disabled;
        }

        return SendAsync(new HttpRequestMessage(HttpMethod.Put, Route("users", userId)) { Content = JsonContent.Create(body) }, ct);
    }

    public Task<ApiAnswer> PutBackupCodesAsync(string userId, IReadOnlyList<string> codes, CancellationToken ct) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Put, Route("users/backup-codes", userId)) { Content = JsonContent.Create(new { codes }) }, ct);

    private string Route(string path, string userId) =>
        $"{path}?tenant={Uri.EscapeDataString(_tenant)}&userId={Uri.EscapeDataString(userId)}";

    private async Task<ApiAnswer> SendAsync(HttpRequestMessage request, CancellationToken ct)
    {
        using (request)
        {
            using var response = await _http.SendAsync(request, ct).ConfigureAwait(false);
            var text = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
            JsonElement? body = null;
            string? code = null;
            if (text.Length > 0)
            {
                try
                {
                    body = JsonDocument.Parse(text).RootElement.Clone();
                    if (body.Value.ValueKind == JsonValueKind.Object && body.Value.TryGetProperty("code", out var c) && c.ValueKind == JsonValueKind.String)
                    {
                        code = c.GetString();
                    }
                }
                catch (JsonException)
                {
                    // Not JSON (a proxy's error page): the status alone is reported.
                }
            }

            if (response.StatusCode == HttpStatusCode.Unauthorized && code is null)
            {
                code = "unauthorized";
            }

            return new ApiAnswer((int)response.StatusCode, response.IsSuccessStatusCode ? null : code, body);
        }
    }

    public void Dispose() => _http.Dispose();
}
