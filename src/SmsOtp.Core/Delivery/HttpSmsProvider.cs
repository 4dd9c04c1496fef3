using System.Net;
using System.Net.Http.Headers;
using System.Text;
using SmsOtp.Core.Secrets;

namespace SmsOtp.Core.Delivery;

/// <summary>Sends one SMS through one provider's HTTP template and classifies the answer.</summary>
public sealed class HttpSmsProvider(ProviderTemplate template, HttpClient http, ISecretSource secrets, TimeProvider time)
{
    public string Name => template.Name;

    public ProviderTemplate Template => template;

    public async Task<HttpRequestMessage> BuildRequestAsync(SmsMessage sms, CancellationToken cancellationToken)
    {
        var secretValues = await ResolveSecretsAsync(cancellationToken).ConfigureAwait(false);
        var values = new TemplateValues(template.DigitsOnlyNumber ? sms.To.TrimStart('+') : sms.To, sms.Text, sms.Code);
        var url = TemplateRenderer.Render(template.Url, values, secretValues, TemplateContext.Url);
        var request = new HttpRequestMessage(new HttpMethod(template.Method), url);
        string? contentType = null;
        foreach (var (name, value) in template.Headers)
        {
            var rendered = TemplateRenderer.Render(value, values, secretValues, TemplateContext.Header);
            if (name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase))
            {
                contentType = rendered;
            }
            else
            {
                request.Headers.TryAddWithoutValidation(name, rendered);
            }
        }

        if (template.Payload is { } payload && template.Method != "GET")
        {
            var context = TemplateRenderer.PayloadContext(contentType, payload);
            var body = TemplateRenderer.Render(payload, values, secretValues, context);
            var content = new StringContent(body, Encoding.UTF8);
            content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType ?? (context == TemplateContext.Json
                ? "application/json; charset=utf-8"
                : "application/x-www-form-urlencoded; charset=utf-8"));
            request.Content = content;
        }

        return request;
    }

    /// <summary>One attempt, bounded by the provider's timeout. Transport failures come back as Transient.</summary>
    public async Task<ProviderResult> SendOnceAsync(SmsMessage sms, CancellationToken cancellationToken)
    {
        using var request = await BuildRequestAsync(sms, cancellationToken).ConfigureAwait(false);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(template.Timeout);
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, timeout.Token).ConfigureAwait(false);
            var body = await response.Content.ReadAsStringAsync(timeout.Token).ConfigureAwait(false);
            return Classify(response, body);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new ProviderResult(ProviderOutcome.Transient, "timeout");
        }
        catch (HttpRequestException e)
        {
            return new ProviderResult(ProviderOutcome.Transient, e.HttpRequestError.ToString());
        }
    }

    private ProviderResult Classify(HttpResponseMessage response, string body)
    {
        var status = (int)response.StatusCode;
        var expected = template.ExpectedStatus is { } code ? status == code : status is 200 or 201 or 202;
        if (expected)
        {
            return template.ReadBody?.Invoke(status, body) ?? ProviderResult.Accepted;
        }

        var errorCode = SafeErrorCode(body) ?? status.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (response.StatusCode == HttpStatusCode.TooManyRequests || status >= 500)
        {
            var retryAfter = response.Headers.RetryAfter is { } ra
                ? ra.Delta ?? (ra.Date is { } date ? date - time.GetUtcNow() : null)
                : null;
            return new ProviderResult(ProviderOutcome.Transient, errorCode, retryAfter);
        }

        return new ProviderResult(ProviderOutcome.Rejected, errorCode);
    }

    private string? SafeErrorCode(string body)
    {
        try
        {
            return template.ReadErrorCode?.Invoke(body);
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or FormatException or InvalidOperationException)
        {
            return null;
        }
    }

    private async Task<IReadOnlyDictionary<string, string>> ResolveSecretsAsync(CancellationToken cancellationToken)
    {
        var names = TemplateRenderer.SecretNames(template.Url)
            .Concat(template.Headers.SelectMany(h => TemplateRenderer.SecretNames(h.Value)))
            .Concat(TemplateRenderer.SecretNames(template.Payload))
            .Distinct(StringComparer.Ordinal);
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in names)
        {
            result[name] = await secrets.GetAsync(name, cancellationToken).ConfigureAwait(false) ?? throw new SecretNotFoundException(name);
        }

        return result;
    }
}
