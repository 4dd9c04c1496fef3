using System.Buffers;
using Microsoft.Extensions.Primitives;

namespace SmsOtp.Core.Http;

/// <summary>
/// Reads a JSON request body safely: at most <see cref="MaxBodyBytes"/> (refused from Content-Length
/// before reading, or as soon as the stream passes it), JSON media type only, an object at the root.
/// </summary>
internal static class RequestReader
{
    public const int MaxBodyBytes = 64 * 1024;

    // A key given twice is refused: which of two "userId"s wins would be the parser's choice, not the caller's.
    private static readonly JsonDocumentOptions ReaderOptions = new() { MaxDepth = 16, AllowDuplicateProperties = false };

    public static async Task<(JsonElement Body, ApiProblem? Problem)> ReadObjectAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxBodyBytes)
        {
            return (default, TooLarge(MaxBodyBytes));
        }

        var type = request.ContentType;
        if (!string.IsNullOrEmpty(type) && !IsJson(type))
        {
            return (default, Problem.UnsupportedMediaType());
        }

        var (buffer, problem) = await ReadBytesAsync(request, MaxBodyBytes, cancellationToken).ConfigureAwait(false);
        if (problem is not null)
        {
            return (default, problem);
        }

        if (buffer.Length == 0)
        {
            return (default, Problem.Validation("The request body is empty; send a JSON object."));
        }

        try
        {
            // The buffer is this request's own: parsed in place (no copy), and the root cloned out of it.
            using var doc = JsonDocument.Parse(buffer.AsMemory(), ReaderOptions);
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
            {
                return (default, Problem.Validation("The request body must be a JSON object."));
            }

            return (doc.RootElement.Clone(), null);
        }
        catch (JsonException)
        {
            return (default, Problem.Validation("The request body is not valid JSON (each key may appear once)."));
        }
        catch (ArgumentException)
        {
            return (default, Problem.Validation("The request body is not valid UTF-8 JSON."));
        }
    }

    /// <summary>The raw body, at most <paramref name="maxBytes"/> (else 413), as sent.</summary>
    public static async Task<(byte[] Body, ApiProblem? Problem)> ReadBytesAsync(HttpRequest request, int maxBytes, CancellationToken cancellationToken)
    {
        if (request.ContentLength > maxBytes)
        {
            return ([], TooLarge(maxBytes));
        }

        // Sized from Content-Length when it is given (an API body is a few hundred bytes), read through a pooled chunk:
        // a request allocates its body once instead of an 8 KB chunk and a growing stream besides.
        using var buffer = new MemoryStream(request.ContentLength is { } length and > 0 ? (int)length : 256);
        var chunk = ArrayPool<byte>.Shared.Rent(4096);
        int read;
        try
        {
            while ((read = await request.Body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + read > maxBytes)
                {
                    return ([], TooLarge(maxBytes));
                }

                buffer.Write(chunk, 0, read);
            }
        }
        catch (BadHttpRequestException e)
        {
            // The server's own limits (body size, minimum data rate, broken chunking) cut the body off.
            return ([], e.StatusCode == 413 ? TooLarge(maxBytes) : Problem.Validation("The request body could not be read."));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }

        return (buffer.ToArray(), null);
    }

    /// <summary>A string property: missing or null gives null; any other type is an error naming the field.</summary>
    public static bool TryGetString(JsonElement body, string name, out string? value, out ApiProblem? problem, string? label = null)
    {
        label ??= name;
        value = null;
        problem = null;
        if (!body.TryGetProperty(name, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        if (element.ValueKind != JsonValueKind.String)
        {
            problem = Problem.Validation($"'{label}' must be a string.");
            return false;
        }

        return TryReadString(element, label, out value, out problem);
    }

    /// <summary>
    /// A JSON string's value. Escapes such as a lone <c>\ud800</c> make it invalid UTF-16, which
    /// <see cref="JsonElement.GetString"/> refuses with an exception: that is the client's error, not ours.
    /// </summary>
    public static bool TryReadString(JsonElement element, string name, out string? value, out ApiProblem? problem)
    {
        problem = null;
        try
        {
            value = element.GetString();
            return true;
        }
        catch (InvalidOperationException)
        {
            value = null;
            problem = Problem.Validation($"'{name}' is not valid Unicode text.");
            return false;
        }
    }

    private static bool IsJson(string contentType)
    {
        var media = contentType.Split(';')[0].Trim();
        return media.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || (media.StartsWith("application/", StringComparison.OrdinalIgnoreCase) && media.EndsWith("+json", StringComparison.OrdinalIgnoreCase));
    }

    private static ApiProblem TooLarge(int maxBytes) => Problem.PayloadTooLarge($"The request body must be at most {maxBytes} bytes.");
}

/// <summary>What the API's handlers read from a request (a challenge body, the query's user) and the one map of an outcome to a result.</summary>
internal static class ApiRequests
{
    internal static IResult Map<T>(Outcome<T> outcome)
        where T : class =>
        outcome.Problem is { } problem ? ApiResults.Problem(problem) : ApiResults.Json(outcome.Value!);

    /// <summary>
    /// A body naming a challenge, <c>{"challengeId": ..., "&lt;field&gt;": ...}</c>. A missing or overlong id is
    /// 400; an id that does not parse comes back null (the caller answers 404, as for an unknown one).
    /// </summary>
    /// <param name="readMore">Reads the body's other fields (e.g. verify's <c>rememberDevice</c>); a problem it returns is the answer.</param>
    internal static async Task<(ChallengeId? Id, string? Value, IPAddress? ClientIp, ApiProblem? Problem)> ReadChallengeBodyAsync(HttpRequest request,
        string? field, CancellationToken ct, bool withClientIp = false, Func<JsonElement, ApiProblem?>? readMore = null)
    {
        var (body, problem) = await RequestReader.ReadObjectAsync(request, ct).ConfigureAwait(false);
        if (problem is not null || !RequestReader.TryGetString(body, "challengeId", out var text, out problem))
        {
            return (null, null, null, problem);
        }

        if (string.IsNullOrEmpty(text) || text.Length > InputValidation.MaxChallengeIdLength)
        {
            return (null, null, null, Problem.Validation("'challengeId' is required."));
        }

        string? value = null;
        if (field is not null && !RequestReader.TryGetString(body, field, out value, out problem))
        {
            return (null, null, null, problem);
        }

        IPAddress? clientIp = null;
        if (withClientIp && !ClientIpField.TryRead(body, out clientIp, out problem))
        {
            return (null, null, null, problem);
        }

        if (readMore?.Invoke(body) is { } more)
        {
            return (null, null, null, more);
        }

        ChallengeId.TryParse(text, out var id);
        return (id, value, clientIp, null);
    }

    internal static bool TryQueryUser(HttpRequest request, out UserKey user, out ApiProblem? problem)
    {
        user = default;
        if (!TrySingle(request.Query["tenant"], "tenant", out var tenant, out problem)
            || !TrySingle(request.Query["userId"], "userId", out var userId, out problem))
        {
            return false;
        }

        return InputValidation.TryUser(tenant, userId, out user, out problem);
    }

    /// <summary>The user named by the query, then the JSON body; the query is checked first, so a bad one reads nothing.</summary>
    internal static async Task<(UserKey User, JsonElement Body, ApiProblem? Problem)> ReadUserAndBodyAsync(HttpRequest request, CancellationToken ct)
    {
        if (!TryQueryUser(request, out var user, out var problem))
        {
            return (user, default, problem);
        }

        var (body, bodyProblem) = await RequestReader.ReadObjectAsync(request, ct).ConfigureAwait(false);
        return (user, body, bodyProblem);
    }

    internal static bool TrySingle(StringValues values, string name, out string? value, out ApiProblem? problem)
    {
        value = values.Count == 1 ? values[0] : null;
        problem = values.Count > 1 ? Problem.Validation($"Give '{name}' once.") : null;
        return problem is null;
    }
}
