using System.Collections.Concurrent;

namespace SmsOtp.Testing;

/// <summary>
/// Validates every response that passes through an <see cref="HttpClient"/> against the OpenAPI document.
/// Each violation is recorded in <see cref="Violations"/> and, by default, thrown as a
/// <see cref="ContractViolationException"/> from the call that received it, so the test that saw it fails.
/// Responses from another host (a followed redirect to the app's return URL) are not the service's and are
/// passed through unchecked.
/// </summary>
public sealed class ContractValidatingHandler : DelegatingHandler
{
    private readonly ContractValidator _validator;
    private readonly bool _throwOnViolation;
    private readonly ConcurrentQueue<ContractViolation> _violations = new();
    private int _validated;

    /// <param name="inner">The handler that sends (e.g. <c>new HttpClientHandler()</c>, what <c>new HttpClient()</c> uses).</param>
    /// <param name="validator">The contract; <see cref="ContractValidator.Default"/> when null.</param>
    /// <param name="throwOnViolation">Throw from the call as well as record; false only records.</param>
    public ContractValidatingHandler(HttpMessageHandler inner, ContractValidator? validator = null, bool throwOnViolation = true)
        : base(inner)
    {
        _validator = validator ?? ContractValidator.Default;
        _throwOnViolation = throwOnViolation;
    }

    public IReadOnlyCollection<ContractViolation> Violations => _violations;

    /// <summary>How many responses were checked.</summary>
    public int Validated => Volatile.Read(ref _validated);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var sentTo = request.RequestUri;
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var answered = response.RequestMessage ?? request;
        var uri = answered.RequestUri;
        if (uri is null || sentTo is null || !uri.IsAbsoluteUri
            || (sentTo.IsAbsoluteUri && !string.Equals(sentTo.Authority, uri.Authority, StringComparison.OrdinalIgnoreCase)))
        {
            return response;
        }

        // Buffered, so the test can still read the body after the check.
        await response.Content.LoadIntoBufferAsync(cancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        var headers = response.Headers.Concat(response.Content.Headers)
            .GroupBy(h => h.Key, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => string.Join(", ", g.SelectMany(h => h.Value)), StringComparer.OrdinalIgnoreCase);
        var checkedResponse = new ContractResponse(answered.Method.Method, uri.PathAndQuery, (int)response.StatusCode,
            response.Content.Headers.ContentType?.ToString(), body, headers);

        var errors = _validator.Validate(checkedResponse);
        Interlocked.Increment(ref _validated);
        if (errors.Count > 0)
        {
            var violation = new ContractViolation(checkedResponse, errors);
            _violations.Enqueue(violation);
            if (_throwOnViolation)
            {
                response.Dispose();
                throw new ContractViolationException(violation);
            }
        }

        return response;
    }
}
