using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using System.Text.Json;
using Json.Schema;
using SmsOtp.Core.Http;

namespace SmsOtp.Testing;

/// <summary>
/// The service's OpenAPI 3.1 document (the embedded <c>openapi.json</c> of SmsOtp.Core), read for validation:
/// its paths as templates, its references resolved, and JSON Schemas built from its locations with
/// JsonSchema.Net (draft 2020-12, the dialect of OpenAPI 3.1 schemas).
/// </summary>
public sealed class ContractDocument
{
    /// <summary>The manifest name of the embedded document (a <c>LogicalName</c>, so moving the file keeps it).</summary>
    public const string ResourceName = "SmsOtp.Core.openapi.json";

    /// <summary>The extension that names the answers to a path or method the API does not have.</summary>
    public const string UnmatchedExtension = "x-smsotp-unmatched";

    /// <summary>The extension, on a media type, with a JSON Schema the body must match besides <c>schema</c>.</summary>
    public const string RefineExtension = "x-smsotp-refine";

    // Only a name for resolving references inside the document; nothing is ever fetched from it.
    private static readonly Uri DocumentUri = new("https://sms-otp.invalid/openapi.json");
    private static readonly Lazy<ContractDocument> Embedded = new(() => Parse(ReadEmbedded()));

    private readonly EvaluationOptions _evaluation;
    private readonly ConcurrentDictionary<string, JsonSchema> _schemas = new(StringComparer.Ordinal);

    // JsonSchema.Net prepares a schema on its first evaluation; one evaluation at a time keeps that safe.
    private readonly Lock _evaluateLock = new();
    private readonly IReadOnlyList<PathTemplate> _templates;

    private ContractDocument(JsonDocument document)
    {
        Root = document.RootElement;
        Text = document.RootElement.GetRawText();
        _evaluation = new EvaluationOptions
        {
            EvaluateAs = SpecVersion.Draft202012,
            OutputFormat = OutputFormat.List,
            RequireFormatValidation = true,
        };
        _evaluation.SchemaRegistry.Register(DocumentUri, new JsonNodeBaseDocument(JsonNode.Parse(Text)!, DocumentUri));

        // Every server URL of the document must share one base path (here "/api").
        var basePaths = Root.GetProperty("servers").EnumerateArray()
            .Select(s => new Uri(s.GetProperty("url").GetString()!.Replace("{", "", StringComparison.Ordinal).Replace("}", "", StringComparison.Ordinal)).AbsolutePath.TrimEnd('/'))
            .Distinct(StringComparer.Ordinal)
            .ToList();
        if (basePaths.Count != 1)
        {
            throw new InvalidOperationException("The document's servers must share one base path; found " + string.Join(", ", basePaths));
        }

        BasePath = basePaths[0];
        _templates = [.. Root.GetProperty("paths").EnumerateObject()
            .Select(p => new PathTemplate(p.Name))
            .OrderByDescending(t => t.LiteralCount)];
    }

    /// <summary>The document the service embeds.</summary>
    public static ContractDocument Default => Embedded.Value;

    public JsonElement Root { get; }

    /// <summary>The document as text.</summary>
    public string Text { get; }

    /// <summary>The path every route is under (the servers' path, <c>/api</c>).</summary>
    public string BasePath { get; }

    public static ContractDocument Parse(string json) => new(JsonDocument.Parse(json));

    /// <summary>The embedded document's text.</summary>
    public static string ReadEmbedded()
    {
        using var stream = typeof(ApiRoutes).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"SmsOtp.Core has no embedded resource {ResourceName}.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>The document's path template (a key of <c>paths</c>) that a request path under <see cref="BasePath"/> matches.</summary>
    public string? MatchPath(string pathUnderBase)
    {
        var segments = Split(pathUnderBase);
        return _templates.FirstOrDefault(t => t.Matches(segments))?.Template;
    }

    /// <summary>The element a local reference (<c>#/components/...</c>) points to, and its JSON Pointer.</summary>
    public (JsonElement Element, string Pointer) Resolve(JsonElement element, string pointer)
    {
        for (var depth = 0; element.ValueKind == JsonValueKind.Object && element.TryGetProperty("$ref", out var reference); depth++)
        {
            var target = reference.GetString() ?? string.Empty;
            if (!target.StartsWith("#/", StringComparison.Ordinal) || depth > 8)
            {
                throw new InvalidOperationException($"Only local references are supported: '{target}' at {pointer}.");
            }

            pointer = Uri.UnescapeDataString(target[1..]);
            element = At(pointer);
        }

        return (element, pointer);
    }

    /// <summary>The element at a JSON Pointer (RFC 6901) into the document.</summary>
    public JsonElement At(string pointer)
    {
        var element = Root;
        foreach (var raw in pointer.Split('/').Skip(1))
        {
            var name = raw.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            if (!element.TryGetProperty(name, out element))
            {
                throw new InvalidOperationException($"The document has nothing at {pointer}.");
            }
        }

        return element;
    }

    /// <summary>
    /// Evaluates an instance against the JSON Schema at a location of the document (draft 2020-12, formats
    /// checked), its <c>#/components/...</c> references resolved within the document.
    /// </summary>
    public EvaluationResults Evaluate(string pointer, JsonElement instance)
    {
        var schema = _schemas.GetOrAdd(pointer, p =>
        {
            var fragment = string.Join('/', p.Split('/').Select(Uri.EscapeDataString));
            return JsonSchema.FromText(JsonSerializer.Serialize(new Dictionary<string, string> { ["$ref"] = DocumentUri + "#" + fragment }));
        });
        var node = JsonNode.Parse(instance.GetRawText());
        lock (_evaluateLock)
        {
            return schema.Evaluate(node, _evaluation);
        }
    }

    /// <summary>A JSON Pointer segment for a property name.</summary>
    public static string Escape(string name) => name.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);

    private static string[] Split(string path) => path.Trim('/').Split('/', StringSplitOptions.None);

    private sealed class PathTemplate(string template)
    {
        private readonly string[] _segments = Split(template);

        public string Template => template;

        public int LiteralCount => _segments.Count(s => !IsParameter(s));

        public bool Matches(string[] segments) =>
            segments.Length == _segments.Length
            && _segments.Zip(segments).All(pair => IsParameter(pair.First)
                ? pair.Second.Length > 0
                : string.Equals(pair.First, Uri.UnescapeDataString(pair.Second), StringComparison.OrdinalIgnoreCase));

        private static bool IsParameter(string segment) => segment.StartsWith('{') && segment.EndsWith('}');
    }
}
