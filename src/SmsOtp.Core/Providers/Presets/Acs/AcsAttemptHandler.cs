namespace SmsOtp.Core.Providers.Presets.Acs;

/// <summary>
/// The seam between Azure.Core's pipeline and the provider client's handlers: the request Azure.Core's transport makes is
/// given the original request's options (the provider's resilience instance, its attempt timeout, its answer classifier),
/// so the same retries, breaker and classification apply as to every other preset, and the verdict the innermost handler
/// reached is kept for the caller.
/// </summary>
internal sealed class AcsAttemptHandler(HttpRequestMessage original) : DelegatingHandler
{
    public ProviderResult? Verdict { get; private set; }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        IDictionary<string, object?> target = request.Options;
        foreach (var (key, value) in original.Options)
        {
            target[key] = value;
        }

        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        Verdict = ProviderResilience.VerdictOf(response);
        return response;
    }
}
