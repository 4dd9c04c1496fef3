using System.Net.Http.Headers;
using Polly;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace SmsOtp.Core.Providers;

/// <summary>
/// Sends one SMS through one provider's HTTP template and classifies the final answer. The HTTP client
/// carries this provider's resilience pipeline (<see cref="ProviderResilience"/>: per-attempt timeout,
/// retries of transient failures, circuit breaker), so what arrives here is the last attempt's outcome.
/// The client comes from <see cref="IHttpClientFactory"/> for each send, so handler lifetimes stay the factory's.
/// </summary>
/// <param name="pipelineKey">Selects the retry and circuit-breaker instance; a tenant's own provider gets its own
/// (another tenant's account of the same provider is another breaker). Defaults to the name.</param>
internal sealed class HttpSmsProvider(ProviderTemplate template, IHttpClientFactory httpClients, ISecretSource secrets, TimeProvider time,
    string? pipelineKey = null, IServiceProvider? services = null)
{
    public string Name => template.Name;

    public string PipelineKey => pipelineKey ?? template.Name;

    public async Task<HttpRequestMessage> BuildRequestAsync(SmsMessage sms, CancellationToken cancellationToken)
    {
        var secretValues = await ResolveSecretsAsync(cancellationToken).ConfigureAwait(false);
        var shaped = template.ForMessage is { } forMessage ? forMessage(template, sms) : template;
        var callback = CallbackUrl(sms, secretValues);
        if (callback is not null && shaped.WithCallback is { } withCallback)
        {
            shaped = withCallback(shaped, callback);
        }

        var text = shaped.EncodeMessage is { } encode ? encode(sms.Text) : sms.Text;
        var values = new TemplateValues(shaped.DigitsOnlyNumber ? sms.To.TrimStart('+') : sms.To, text, sms.Code)
        {
            Reference = sms.Reference ?? "",
            Callback = callback ?? "",
        };
        var url = TemplateRenderer.Render(shaped.Url, values, secretValues, TemplateContext.Url);
        var request = new HttpRequestMessage(new HttpMethod(shaped.Method), url);
        string? contentType = null;
        foreach (var (name, value) in shaped.Headers)
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

        if (shaped.BasicAuth is { } basic)
        {
            var user = TemplateRenderer.Render(basic.User, values, secretValues, TemplateContext.Text);
            var password = TemplateRenderer.Render(basic.Password, values, secretValues, TemplateContext.Text);
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(user + ":" + password)));
        }

        if (shaped.Payload is { } payload && shaped.Method != "GET")
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

    /// <summary>The preset whose receipts this provider sends (null: a raw template's), and how they prove themselves.</summary>
    public ProviderTemplate Template => template;

    /// <summary>
    /// Whether a receipt can come for <paramref name="sms"/> (spec §8), so the message id is worth keeping: a
    /// per-message callback needs the public address and a reference; Clickatell and BulkSMS post to the webhook the
    /// operator set in their console, which this service accepts only with a <c>ReceiptToken</c>.
    /// </summary>
    public bool ExpectsReceipts(SmsMessage sms) =>
        sms.Reference is not null && (template.ReceiptScheme == ReceiptScheme.EventGrid
            // Event Grid reports come through the receipt queue: the preset has no HTTP receipt parser to ask.
            || (ProviderPresets.ReceiptsOf(template.Preset) is { } receipts && template.ReceiptScheme switch
        {
            ReceiptScheme.UrlToken when receipts.ConsoleWebhook => template.ReceiptSecret is not null,
            ReceiptScheme.UrlToken => template.ReceiptSecret is not null && sms.ReceiptBaseUrl is not null,
            _ => sms.ReceiptBaseUrl is not null && (template.WithCallback is not null || template.Preset is null),
        }));

    /// <summary>The receipt URL of this message at this provider: <c>…/receipts/&lt;name&gt;?r=&lt;reference&gt;</c>, plus the token for a raw template.</summary>
    private string? CallbackUrl(SmsMessage sms, IReadOnlyDictionary<string, string> secretValues)
    {
        if (sms.ReceiptBaseUrl is not { } receipts || sms.Reference is not { } reference)
        {
            return null;
        }

        var url = receipts + Uri.EscapeDataString(Name) + "?r=" + reference;
        return template.Preset is null && template.ReceiptSecret is { } token
            ? url + "&token=" + Uri.EscapeDataString(TemplateRenderer.Render(token, new TemplateValues("", "", ""), secretValues, TemplateContext.Text))
            : url;
    }

    /// <summary>
    /// One send through the pipeline. Never throws for a provider's failure: transport errors, timeouts
    /// and an open circuit come back as <see cref="ProviderOutcome.Transient"/>, a missing secret as
    /// <see cref="ProviderOutcome.Rejected"/> (nothing was sent, so the next provider may try).
    /// </summary>
    public async Task<ProviderResult> SendAsync(SmsMessage sms, CancellationToken cancellationToken)
    {
        HttpRequestMessage request;
        try
        {
            request = await BuildRequestAsync(sms, cancellationToken).ConfigureAwait(false);
        }
        catch (SecretNotFoundException e)
        {
            return new ProviderResult(ProviderOutcome.Rejected, "secret-missing:" + e.SecretName);
        }
        catch (RequestFailedException e)
        {
            // The secret store did not answer: nothing was sent.
            return new ProviderResult(ProviderOutcome.Transient, "secret-source:" + e.Status.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        // The send's own state through the pipeline (instance, timeout, classifier, verdict): see ProviderAttempt.
        var attempt = new ProviderAttempt(PipelineKey, template.Timeout, Classify);
        var context = attempt.AttachTo(request, cancellationToken);
        using (request)
        {
            try
            {
                if (template.Send is { } send && services is not null)
                {
                    return await send(services, request, cancellationToken).ConfigureAwait(false);
                }

                // A client per send from the factory, which owns and rotates the handlers (and their DNS).
                var http = httpClients.CreateClient(ProviderChain.HttpClientName);
                using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);

                // The pipeline's innermost handler classified the last attempt already (the verdict the retry and the
                // breaker saw); a client without it (a test's own factory) is classified here, the same way.
                return attempt.Verdict
                    ?? Classify(response, await ProviderAnswerHandler.ReadBodyAsync(response, cancellationToken).ConfigureAwait(false));
            }
            catch (BrokenCircuitException)
            {
                return new ProviderResult(ProviderOutcome.Transient, "circuit-open");
            }
            catch (TimeoutRejectedException)
            {
                return new ProviderResult(ProviderOutcome.Transient, "timeout") { TimedOut = true };
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return new ProviderResult(ProviderOutcome.Transient, "timeout") { TimedOut = true };
            }
            catch (HttpRequestException e)
            {
                return new ProviderResult(ProviderOutcome.Transient, e.HttpRequestError.ToString());
            }
            finally
            {
                ResilienceContextPool.Shared.Return(context);
            }
        }
    }

    /// <summary>
    /// The one classification of an answer: the preset's reader first (a body-level verdict, with its own code and the
    /// message id), then the status rule: the expected status is accepted (a body the preset cannot read still came with
    /// a success status, and calling another provider would risk a second SMS); 408, 429 and 5xx are transient (with
    /// the <c>Retry-After</c> they ask for); anything else is a refusal. Never throws for a body it cannot read.
    /// </summary>
    private ProviderResult Classify(HttpResponseMessage response, string body)
    {
        var status = (int)response.StatusCode;
        var result = Safe(() => template.ReadAnswer?.Invoke(status, body));
        if (result is null)
        {
            var expected = template.ExpectedStatus is { } code ? status == code : status is 200 or 201 or 202;
            if (expected)
            {
                result = ProviderResult.Accepted;
            }
            else
            {
                var errorCode = Safe(() => template.ReadErrorCode?.Invoke(body)) ?? status.ToString(System.Globalization.CultureInfo.InvariantCulture);
                result = ProviderResilience.IsTransientStatus(status) ? ProviderResult.Transient(errorCode) : ProviderResult.Rejected(errorCode);
            }
        }

        return result.Outcome switch
        {
            ProviderOutcome.Accepted when result.MessageId is null && template.ReadMessageId is { } read => result with { MessageId = Safe(() => read(body)) },
            ProviderOutcome.Transient when result.RetryAfter is null => result with { RetryAfter = ProviderResilience.RetryAfter(response, time) },
            _ => result,
        };
    }

    private static T? Safe<T>(Func<T?> read)
        where T : class
    {
        try
        {
            return read();
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or FormatException or InvalidOperationException
                                      or KeyNotFoundException or IndexOutOfRangeException or ArgumentException)
        {
            return null;
        }
    }

    private async Task<IReadOnlyDictionary<string, string>> ResolveSecretsAsync(CancellationToken cancellationToken)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in template.SecretNames)
        {
            result[name] = await secrets.GetAsync(name, cancellationToken).ConfigureAwait(false) ?? throw new SecretNotFoundException(name);
        }

        return result;
    }
}
