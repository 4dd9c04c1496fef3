namespace SmsOtp.Core.Providers.Presets.Acs;

/// <summary>
/// The seam between Azure.Core's pipeline and the provider client's handlers: the request Azure.Core's transport makes is
/// given the original request's resilience context (its <see cref="ProviderAttempt"/>: the provider's resilience instance,
/// its attempt timeout, its answer classifier), so the same retries, breaker and classification apply as to every other
/// preset, and the verdict the innermost handler reached is on that attempt for the caller.
/// </summary>
internal sealed class AcsAttemptHandler(HttpRequestMessage original) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (original.GetResilienceContext() is { } context)
        {
            request.SetResilienceContext(context);
        }

        return base.SendAsync(request, cancellationToken);
    }
}
