using System.Globalization;
using System.Text.Json;

namespace SmsOtp.Testing;

/// <summary>
/// Holds HTTP responses to the OpenAPI document: finds the operation by method and path (templates such as
/// <c>/delivery/receipts/{provider}</c>, under the servers' <c>/api</c>), then the response by status and
/// content type, and validates the body with JsonSchema.Net against the documented schema (and the
/// media type's <c>x-smsotp-refine</c>). An undocumented path, method, status, content type, a missing
/// required header or an unexpected body is an error like a schema mismatch.
/// </summary>
public sealed class ContractValidator(ContractDocument document)
{
    public static ContractValidator Default { get; } = new(ContractDocument.Default);

    public ContractDocument Document => document;

    /// <summary>The reasons the response breaks the contract; empty when it conforms.</summary>
    public IReadOnlyList<string> Validate(ContractResponse response)
    {
        var errors = new List<string>();
        var path = response.Path.Split('?', 2)[0];
        if (!path.StartsWith(document.BasePath + "/", StringComparison.OrdinalIgnoreCase))
        {
            errors.Add($"The path is not under the API's base path {document.BasePath}.");
            return errors;
        }

        var underBase = path[document.BasePath.Length..];
        if (underBase.Length > 1)
        {
            underBase = underBase.TrimEnd('/');
        }

        var template = document.MatchPath(underBase);
        string responsesPointer;
        if (template is null)
        {
            // Not a route of the API: the document's answer for unknown paths (404 not_found).
            responsesPointer = $"/{ContractDocument.UnmatchedExtension}/path";
        }
        else
        {
            var pathPointer = "/paths/" + ContractDocument.Escape(template);
            var method = response.Method.ToLowerInvariant();
            responsesPointer = document.At(pathPointer).TryGetProperty(method, out _)
                ? $"{pathPointer}/{method}/responses"
                : $"/{ContractDocument.UnmatchedExtension}/method";
        }

        var responses = document.At(responsesPointer);
        var status = response.Status.ToString(CultureInfo.InvariantCulture);
        if (!responses.TryGetProperty(status, out var declared))
        {
            var documented = string.Join(", ", responses.EnumerateObject().Select(r => r.Name));
            errors.Add(template is null
                ? $"No route has this path; the document answers unknown paths with {documented}, not {status}."
                : $"Status {status} is not documented for {response.Method} {template} (documented: {documented}).");
            return errors;
        }

        var (responseObject, responsePointer) = document.Resolve(declared, $"{responsesPointer}/{status}");
        CheckHeaders(response, responseObject, responsePointer, errors);
        CheckBody(response, responseObject, responsePointer, errors);
        return errors;
    }

    private void CheckHeaders(ContractResponse response, JsonElement responseObject, string responsePointer, List<string> errors)
    {
        if (!responseObject.TryGetProperty("headers", out var headers))
        {
            return;
        }

        foreach (var header in headers.EnumerateObject())
        {
            var (definition, pointer) = document.Resolve(header.Value, $"{responsePointer}/headers/{ContractDocument.Escape(header.Name)}");
            var value = response.Headers?.FirstOrDefault(h => string.Equals(h.Key, header.Name, StringComparison.OrdinalIgnoreCase)).Value;
            if (value is null)
            {
                if (definition.TryGetProperty("required", out var required) && required.ValueKind == JsonValueKind.True)
                {
                    errors.Add($"The required header {header.Name} is missing.");
                }

                continue;
            }

            if (definition.TryGetProperty("schema", out var schema))
            {
                var numeric = schema.TryGetProperty("type", out var type) && type.GetString() is "integer" or "number"
                    && double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _);
                using var instance = JsonDocument.Parse(numeric ? value : JsonSerializer.Serialize(value));
                errors.AddRange(Evaluate(pointer + "/schema", instance.RootElement, $"header {header.Name}"));
            }
        }
    }

    private void CheckBody(ContractResponse response, JsonElement responseObject, string responsePointer, List<string> errors)
    {
        if (!responseObject.TryGetProperty("content", out var content))
        {
            if (response.Body.Length > 0)
            {
                errors.Add("The response has a body, but the document describes none for this status.");
            }

            return;
        }

        var media = response.ContentType?.Split(';')[0].Trim().ToLowerInvariant();
        if (string.IsNullOrEmpty(media))
        {
            // The Functions host answers this status itself, before the app runs, without a body (x-smsotp-host-answers-bodiless).
            if (response.Body.Length == 0 && responseObject.TryGetProperty("x-smsotp-host-answers-bodiless", out var bodiless) && bodiless.ValueKind == JsonValueKind.True)
            {
                return;
            }

            errors.Add("The response has no Content-Type; documented: " + string.Join(", ", content.EnumerateObject().Select(c => c.Name)) + ".");
            return;
        }

        if (!content.TryGetProperty(media, out var mediaObject))
        {
            errors.Add($"Content-Type {media} is not documented for this status (documented: {string.Join(", ", content.EnumerateObject().Select(c => c.Name))}).");
            return;
        }

        if (!(media == "application/json" || media.EndsWith("+json", StringComparison.Ordinal)))
        {
            return;
        }

        JsonDocument body;
        try
        {
            body = JsonDocument.Parse(response.Body);
        }
        catch (JsonException e)
        {
            errors.Add("The body is not valid JSON: " + e.Message);
            return;
        }

        using (body)
        {
            var mediaPointer = $"{responsePointer}/content/{ContractDocument.Escape(media)}";
            if (mediaObject.TryGetProperty("schema", out _))
            {
                errors.AddRange(Evaluate(mediaPointer + "/schema", body.RootElement, "body"));
            }

            if (mediaObject.TryGetProperty(ContractDocument.RefineExtension, out _))
            {
                errors.AddRange(Evaluate($"{mediaPointer}/{ContractDocument.RefineExtension}", body.RootElement, "body"));
            }
        }
    }

    /// <summary>
    /// The schema's errors, one line each. Failures inside an <c>if</c> are how a condition evaluates to
    /// false, not errors, so they are left out. A failure with no message of its own (a property whose
    /// schema is <c>{"not": {}}</c>) is reported as a property that must be absent.
    /// </summary>
    private IEnumerable<string> Evaluate(string schemaPointer, JsonElement instance, string what)
    {
        var results = document.Evaluate(schemaPointer, instance);
        if (results.IsValid)
        {
            return [];
        }

        var failed = new[] { results }.Concat(results.Details ?? [])
            .Where(n => !n.IsValid)
            .Select(n => (Node: n, Path: n.EvaluationPath.ToString()))
            .Where(n => !n.Path.Split('/').Contains("if"))
            .ToList();
        var lines = new List<string>();
        foreach (var (node, path) in failed)
        {
            var location = node.InstanceLocation.ToString();
            var at = $"{what}{(location.Length == 0 ? "" : " " + location)}";
            var where = Where(node);
            if (node.Errors is { Count: > 0 } messages)
            {
                lines.AddRange(messages.Select(m => path.EndsWith("/additionalProperties", StringComparison.Ordinal)
                    ? $"{at}: a property the document does not describe ({TrimEnd(where, "/additionalProperties")} has additionalProperties: false)"
                    : $"{at}: {m.Key}: {m.Value.Replace("\\u0022", "", StringComparison.Ordinal)} ({where})"));
            }
            else if (!failed.Any(f => f.Path.StartsWith(path + "/", StringComparison.Ordinal)))
            {
                var parts = path.Split('/');
                lines.Add(parts.Length >= 2 && parts[^2] == "properties"
                    ? $"{at}: must be absent here ({where})"
                    : $"{at}: does not match ({where})");
            }
        }

        return lines.Count == 0 ? [$"{what} does not match its schema."] : lines.Distinct(StringComparer.Ordinal).ToList();
    }

    private static string TrimEnd(string text, string suffix) =>
        text.EndsWith(suffix, StringComparison.Ordinal) ? text[..^suffix.Length] : text;

    /// <summary>The failing schema's place in openapi.json, e.g. <c>#/components/schemas/SendResponse/allOf/1/then</c>.</summary>
    private static string Where(Json.Schema.EvaluationResults node)
    {
        var location = node.SchemaLocation?.ToString() ?? string.Empty;
        var hash = location.IndexOf('#', StringComparison.Ordinal);
        return hash >= 0 ? Uri.UnescapeDataString(location[hash..]) : location;
    }
}
