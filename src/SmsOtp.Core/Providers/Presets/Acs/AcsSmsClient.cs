using System.Collections.Concurrent;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Identity;

namespace SmsOtp.Core.Providers.Presets.Acs;

/// <summary>
/// Sends the request the <c>acs</c> template rendered through Azure.Core's HTTP pipeline, authenticated with the managed
/// identity (<see cref="BearerTokenAuthenticationPolicy"/>, scope <see cref="AcsCredentials.Scope"/>) or the connection
/// string's access key (<see cref="AcsHmacPolicy"/>). The pipeline's transport is the provider client's own handler chain
/// (retries, breaker, attempt timeout, answer classification; <see cref="AcsAttemptHandler"/>), so ACS is treated like every
/// other preset and Azure.Core neither retries nor times out on its own.
/// </summary>
public sealed partial class AcsSmsClient(
    IHttpMessageHandlerFactory handlers,
    ISecretSource secrets,
    AcsCredentials credentials,
    TimeProvider time,
    ILogger<AcsSmsClient> logger)
{
    // One policy per identity: the bearer policy caches and refreshes its token.
    private readonly ConcurrentDictionary<string, BearerTokenAuthenticationPolicy> _bearers = new(StringComparer.OrdinalIgnoreCase);

    internal async Task<ProviderResult> SendAsync(AcsSettings settings, HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var provider = settings.Provider;
        HttpPipelinePolicy authentication;
        if (settings.ConnectionStringSecret is { } secretName)
        {
            var value = await secrets.GetAsync(secretName, cancellationToken).ConfigureAwait(false) ?? throw new SecretNotFoundException(secretName);
            if (AcsConnectionString.TryParse(value) is not { } connection)
            {
                LogConfigurationFault(logger, provider, "connection-string-invalid");
                return ProviderResult.Rejected("connection-string-invalid") with { ConfigurationFault = true };
            }

            authentication = new AcsHmacPolicy(connection.AccessKey, time);
        }
        else
        {
            authentication = _bearers.GetOrAdd(settings.ManagedIdentityClientId ?? "",
                _ => new BearerTokenAuthenticationPolicy(credentials.For(settings.ManagedIdentityClientId), AcsCredentials.Scope));
        }

        // A new handler chain per send from the factory (it owns and rotates the handlers), behind the seam that carries
        // this request's options down to it. Not disposed here: the factory's handler outlives the send.
        var attempt = new AcsAttemptHandler(request) { InnerHandler = handlers.CreateHandler(ProviderChain.HttpClientName) };
        var http = new HttpClient(attempt, disposeHandler: false) { Timeout = Timeout.InfiniteTimeSpan };
        var pipeline = HttpPipelineBuilder.Build(new HttpPipelineOptions(new AcsClientOptions { Transport = new HttpClientTransport(http) })
        {
            PerRetryPolicies = { authentication },
        });

        // The REST call itself. Azure.Communication.Sms (the SDK) is not served by this project's package feed, so the
        // documented REST API is called with Azure.Core's pipeline, which gives the same authentication the SDK uses.
        using var message = pipeline.CreateMessage();
        message.Request.Method = RequestMethod.Post;
        message.Request.Uri.Reset(request.RequestUri!);
        foreach (var header in request.Headers)
        {
            message.Request.Headers.SetValue(header.Key, string.Join(",", header.Value));
        }

        if (request.Content is { } content)
        {
            message.Request.Headers.SetValue("Content-Type", content.Headers.ContentType?.ToString() ?? "application/json");
            message.Request.Content = RequestContent.Create(await content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false));
        }

        try
        {
            await pipeline.SendAsync(message, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException e) when (e.InnerException is HttpRequestException inner)
        {
            // The transport wraps a connection failure: nothing definite came back.
            return ProviderResult.Transient(inner.HttpRequestError.ToString());
        }
        catch (AuthenticationFailedException)
        {
            // No token for the identity: nothing was sent, and retrying will not help until the identity is fixed.
            LogConfigurationFault(logger, provider, "identity");
            return ProviderResult.Rejected("identity-unavailable") with { ConfigurationFault = true };
        }

        var verdict = ProviderAttempt.Of(request)?.Verdict ?? ProviderResult.Transient("unclassified");
        if (verdict.ConfigurationFault)
        {
            LogConfigurationFault(logger, provider, verdict.ErrorCode ?? "?");
        }

        return verdict;
    }

    [LoggerMessage(EventId = 4301, Level = LogLevel.Error,
        Message = "ACS provider {Provider} refused this service's credentials ({ErrorCode}): a configuration fault (role assignment, identity or access key), not retried")]
    private static partial void LogConfigurationFault(ILogger logger, string provider, string errorCode);
}
