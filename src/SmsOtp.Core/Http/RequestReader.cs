using System.Buffers;

namespace SmsOtp.Core.Http;

/// <summary>
/// Reads a JSON request body safely: at most <see cref="MaxBodyBytes"/> (refused from Content-Length
/// before reading, or as soon as the stream passes it), JSON media type only, an object at the root.
/// </summary>
public static class RequestReader
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
