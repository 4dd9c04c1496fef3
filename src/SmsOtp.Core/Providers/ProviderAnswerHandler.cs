namespace SmsOtp.Core.Providers;

/// <summary>
/// The innermost handler of the provider client, inside each attempt's timeout: it reads the answer's body and
/// classifies it with the provider's own reader (through the send's <see cref="ProviderAttempt"/>), before the retry and
/// the circuit breaker look at the attempt. So a "retry later" in a 200 or a 400 body is retried and counted as a
/// failure exactly like a 503, and the body is read within the attempt's time budget.
/// </summary>
internal sealed class ProviderAnswerHandler : DelegatingHandler
{
    // Providers answer in a few hundred bytes; a body larger than this is not read (classified by its status alone).
    private const long MaxBody = 256 * 1024;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var attempt = ProviderAttempt.Of(request);
        attempt?.Start();
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (attempt is null)
        {
            return response;
        }

        attempt.Classify(response, await ReadBodyAsync(response, cancellationToken).ConfigureAwait(false));
        return response;
    }

    /// <summary>
    /// The body as text, in its declared charset (UTF-8 when none or unknown). A body that breaks off or is too large
    /// reads as empty and is replaced by an empty one: its status has arrived, and for a success status that is an
    /// acceptance (a failed read must not make a provider that took the SMS look transient and be called again).
    /// </summary>
    internal static async Task<string> ReadBodyAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        byte[] bytes;
        try
        {
            await response.Content.LoadIntoBufferAsync(MaxBody, cancellationToken).ConfigureAwait(false);
            bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            response.Content.Dispose();
            response.Content = new ByteArrayContent([]);
            return "";
        }

        return Decoding(response.Content.Headers.ContentType?.CharSet).GetString(bytes);
    }

    private static Encoding Decoding(string? charset)
    {
        try
        {
            return string.IsNullOrWhiteSpace(charset) ? Encoding.UTF8 : Encoding.GetEncoding(charset.Trim('"'));
        }
        catch (ArgumentException)
        {
            return Encoding.UTF8;
        }
    }
}
