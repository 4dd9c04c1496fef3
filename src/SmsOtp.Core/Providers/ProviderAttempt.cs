using Polly;

namespace SmsOtp.Core.Providers;

/// <summary>
/// One send's state through the provider client's pipeline: which provider's retry and breaker instance it selects,
/// its attempt timeout, how its answers are classified, and the verdict on the latest attempt. It travels as a property
/// of the send's Polly <see cref="ResilienceContext"/>, the per-execution state Polly designs for this: the retry's and
/// the breaker's predicates read it from their arguments' context, and the innermost handler finds the same context on
/// the request (Microsoft.Extensions.Http.Resilience's <c>GetResilienceContext</c>), so nothing is tucked into the
/// request's own options and the caller reads the verdict from this object, not back from the response.
/// </summary>
public sealed class ProviderAttempt(string pipelineKey, TimeSpan timeout, Func<HttpResponseMessage, string, ProviderResult> classify)
{
    private static readonly ResiliencePropertyKey<ProviderAttempt> Key = new("SmsOtp.ProviderAttempt");

    public string PipelineKey => pipelineKey;

    public TimeSpan Timeout => timeout;

    /// <summary>The verdict on the latest attempt's answer, set by the innermost handler; null before one was classified.</summary>
    public ProviderResult? Verdict { get; private set; }

    /// <summary>The attempt a pipeline's context carries, if any.</summary>
    public static ProviderAttempt? Of(ResilienceContext? context) =>
        context is not null && context.Properties.TryGetValue(Key, out var attempt) ? attempt : null;

    /// <summary>The attempt the request's resilience context carries, if any.</summary>
    public static ProviderAttempt? Of(HttpRequestMessage request) => Of(request.GetResilienceContext());

    /// <summary>Puts this send on a pooled context attached to <paramref name="request"/>; the caller returns the context to the pool.</summary>
    public ResilienceContext AttachTo(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(Key, this);
        request.SetResilienceContext(context);
        return context;
    }

    // A retry resends the same request: no verdict of an earlier attempt may stand for this one.
    internal void Start() => Verdict = null;

    internal void Classify(HttpResponseMessage response, string body) => Verdict = classify(response, body);
}
