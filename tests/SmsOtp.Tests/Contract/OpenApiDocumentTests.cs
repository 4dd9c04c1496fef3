using System.Reflection;
using Microsoft.OpenApi.Reader;
using Microsoft.OpenApi;

namespace SmsOtp.Tests.Contract;

/// <summary>
/// The OpenAPI document (spec §7.1) against the code: it parses as OpenAPI 3.1, has every route the hosts
/// serve with the right security, every problem code, and follows its own rules (strict response schemas,
/// every property described, every problem response naming its codes).
/// </summary>
public sealed class OpenApiDocumentTests
{
    /// <summary>
    /// Documented (spec part two) but not served yet. Empty each entry as its route lands in
    /// <see cref="ApiRoutes.All"/>: the test fails while a served operation is still listed here.
    /// </summary>
    private static readonly HashSet<string> NotYetServed = [];

    /// <summary>Documented, served by the local server only (never a Functions route, so never in <see cref="ApiRoutes.All"/>).</summary>
    private static readonly HashSet<string> LocalOnly = ["DevOutbox"];

    /// <summary>Part-two problem codes the document has and the code does not yet; empty each as its constant lands.</summary>
    private static readonly HashSet<string> CodesNotYetInCode = [];

    private static readonly string[] Methods = ["get", "put", "post", "delete", "patch", "head", "options", "trace"];

    private static JsonElement Root => ContractDocument.Default.Root;

    [Fact]
    public async Task Both_hosts_serve_the_one_document_anonymously()
    {
        await using var server = await LocalServerHost.StartAsync(new Dictionary<string, string?> { ["SmsOtp:LocalApiKey"] = "k" });
        var response = await server.Client.GetAsync("api/openapi.json");
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var served = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(ApiContract.Utf8, served);
        Assert.Equal(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "src", "SmsOtp.Core", "Http", "openapi.json")), served);
        Assert.Contains(ApiRoutes.All, r => r is { Function: "OpenApiDocument", Route: "openapi.json", Anonymous: true });
    }

    [Fact]
    public void Parses_as_OpenAPI_3_1_with_no_errors_or_warnings()
    {
        var result = OpenApiDocument.Parse(ContractDocument.ReadEmbedded(), "json", new OpenApiReaderSettings());

        Assert.Equal(OpenApiSpecVersion.OpenApi3_1, result.Diagnostic!.SpecificationVersion);
        Assert.Empty(result.Diagnostic.Errors.Select(e => e.ToString()));
        Assert.Empty(result.Diagnostic.Warnings.Select(e => e.ToString()));
        var document = result.Document!;
        Assert.Empty((document.Validate(ValidationRuleSet.GetDefaultRuleSet()) ?? []).Select(e => e.ToString()));
        Assert.Equal(Operations().Count(), document.Paths.Sum(p => p.Value?.Operations?.Count ?? 0));
    }

    [Fact]
    public void Every_served_route_is_documented_with_its_function_name_and_security()
    {
        var documented = Operations().ToDictionary(o => (o.Method, o.Path));
        Assert.All(ApiRoutes.All, route =>
        {
            Assert.True(documented.TryGetValue((route.Method.ToLowerInvariant(), "/" + route.Route), out var operation),
                $"{route.Method} /api/{route.Route} ({route.Function}) is not in openapi.json.");
            Assert.Equal(route.Function, operation.Id);
            Assert.True(route.Anonymous == operation.Anonymous,
                $"{route.Function}: the route is {(route.Anonymous ? "anonymous" : "function-key")}, the document says {(operation.Anonymous ? "anonymous" : "function key")}.");
        });
    }

    [Fact]
    public void Every_documented_operation_is_served_or_explicitly_not_yet()
    {
        var served = ApiRoutes.All.Select(r => r.Function).ToHashSet(StringComparer.Ordinal);
        var operations = Operations().Select(o => o.Id).ToList();

        var unserved = operations.Where(id => !served.Contains(id) && !NotYetServed.Contains(id) && !LocalOnly.Contains(id)).ToList();
        var builtButListed = NotYetServed.Where(served.Contains).ToList();
        var listedButUndocumented = NotYetServed.Concat(LocalOnly).Where(id => !operations.Contains(id)).ToList();

        Assert.Empty(unserved);
        Assert.Empty(builtButListed); // served now: take it off NotYetServed
        Assert.Empty(listedButUndocumented);
        Assert.All(LocalOnly, id => Assert.True(Operations().Single(o => o.Id == id).Element.TryGetProperty("x-smsotp-local-only", out _)));
    }

    [Fact]
    public void Anonymous_operations_are_exactly_health_the_document_the_pages_and_the_receipts()
    {
        var anonymous = Operations().Where(o => o.Anonymous).Select(o => o.Path).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(
            ["/delivery/receipts/{provider}", "/health", "/openapi.json", "/pages/otp", "/pages/otp/mobile", "/pages/otp/resend", "/pages/otp/verify", "/pages/pages.css", "/pages/webotp.js"],
            anonymous);
        Assert.All(Operations().Where(o => !o.Anonymous), o => Assert.True(o.Responses.TryGetProperty("401", out _), $"{o.Id} needs a 401 response."));
    }

    [Fact]
    public void The_problem_code_enum_is_every_code_constant_of_the_code_base()
    {
        var inCode = CodeConstants().ToHashSet(StringComparer.Ordinal);
        var documented = Root.GetProperty("components").GetProperty("schemas").GetProperty("ProblemCode").GetProperty("enum")
            .EnumerateArray().Select(e => e.GetString()!).ToList();

        Assert.True(inCode.Count >= 24, "The problem code classes were not found.");
        var undocumented = inCode.Where(c => !documented.Contains(c)).ToList();
        var notInCode = documented.Where(c => !inCode.Contains(c) && !CodesNotYetInCode.Contains(c)).ToList();
        var inCodeButListed = CodesNotYetInCode.Where(inCode.Contains).ToList();

        Assert.Empty(undocumented);
        Assert.Empty(notInCode);
        Assert.Empty(inCodeButListed); // in code now: take it off CodesNotYetInCode
        Assert.Equal(documented.Count, documented.Distinct().Count());
    }

    [Fact]
    public void Every_problem_response_names_its_status_and_codes()
    {
        var codes = Root.GetProperty("components").GetProperty("schemas").GetProperty("ProblemCode").GetProperty("enum")
            .EnumerateArray().Select(e => e.GetString()!).ToHashSet();
        var problems = 0;
        foreach (var (where, status, response) in AllResponses())
        {
            var content = response.TryGetProperty("content", out var c) ? c : default;
            if (content.ValueKind != JsonValueKind.Object || !content.TryGetProperty("application/problem+json", out var media))
            {
                // An error answers a problem; only the health probe's 503 is its own body (and the pages' HTML).
                var plainJsonError = status >= 400 && content.ValueKind == JsonValueKind.Object && content.TryGetProperty("application/json", out _);
                Assert.False(plainJsonError && where != "/paths/~1health/get/responses/503", $"{where}: an error answers application/problem+json.");
                continue;
            }

            problems++;
            Assert.Equal("#/components/schemas/Problem", media.GetProperty("schema").GetProperty("$ref").GetString());
            var refine = media.GetProperty(ContractDocument.RefineExtension).GetProperty("properties");
            Assert.Equal(status, refine.GetProperty("status").GetProperty("const").GetInt32());
            var code = refine.GetProperty("code");
            var named = code.TryGetProperty("const", out var one) ? [one.GetString()!] : code.GetProperty("enum").EnumerateArray().Select(e => e.GetString()!).ToList();
            Assert.All(named, c => Assert.Contains(c, codes));
        }

        Assert.True(problems > 50);
    }

    [Fact]
    public void Response_objects_are_strict_and_every_property_is_described()
    {
        var schemas = Root.GetProperty("components").GetProperty("schemas");
        var strict = new[] { "Problem", "SendResponse", "VerifyResponse", "ChallengeStatus", "Profile", "BackupCodes", "Health", "OutboxEntry", "Transaction" };
        Assert.All(strict, name => Assert.False(schemas.GetProperty(name).GetProperty("additionalProperties").GetBoolean(), $"{name} must say additionalProperties: false."));

        // Every object schema that a response uses, directly or through a property, is strict (the document itself excepted).
        var used = AllResponses().SelectMany(r => r.Response.TryGetProperty("content", out var c) ? c.EnumerateObject() : Enumerable.Empty<JsonProperty>())
            .Where(m => m.Value.TryGetProperty("schema", out _))
            .SelectMany(m => Referenced(m.Value.GetProperty("schema")))
            .Distinct()
            .Where(n => n != "OpenApiDocument")
            .ToList();
        Assert.All(used, name =>
        {
            var schema = schemas.GetProperty(name);
            if (schema.TryGetProperty("properties", out _))
            {
                Assert.True(schema.TryGetProperty("additionalProperties", out var extra) && extra.ValueKind == JsonValueKind.False, $"{name} is used in a response and must be strict.");
            }
        });

        foreach (var schema in schemas.EnumerateObject())
        {
            Assert.True(schema.Value.TryGetProperty("description", out _), $"{schema.Name} has no description.");
            foreach (var (path, property) in Properties(schema.Value, $"#/components/schemas/{schema.Name}"))
            {
                Assert.True(property.TryGetProperty("description", out _), $"{path} has no description.");
            }
        }
    }

    [Fact]
    public void Every_operation_has_a_unique_id_a_summary_a_tag_and_explicit_security()
    {
        var operations = Operations().ToList();
        Assert.Equal(operations.Count, operations.Select(o => o.Id).Distinct().Count());
        Assert.All(operations, o =>
        {
            Assert.True(o.Element.TryGetProperty("summary", out _), o.Id);
            Assert.True(o.Element.GetProperty("tags").GetArrayLength() > 0, o.Id);
            Assert.True(o.Element.TryGetProperty("security", out _), $"{o.Id}: security is stated on every operation.");
            Assert.True(o.Responses.TryGetProperty("500", out _), $"{o.Id}: every route can answer 500 internal_error.");
        });
    }

    [Fact]
    public void Idempotency_key_is_on_send_mobile_and_resend_with_the_spec_pattern()
    {
        var parameter = Root.GetProperty("components").GetProperty("parameters").GetProperty("IdempotencyKey");
        Assert.Equal("Idempotency-Key", parameter.GetProperty("name").GetString());
        Assert.Equal("^[A-Za-z0-9._:-]{1,64}$", parameter.GetProperty("schema").GetProperty("pattern").GetString());
        var with = Operations().Where(o => o.Element.TryGetProperty("parameters", out var p)
                && p.EnumerateArray().Any(x => x.TryGetProperty("$ref", out var r) && r.GetString() == "#/components/parameters/IdempotencyKey"))
            .Select(o => o.Id).Order().ToList();
        Assert.Equal(["OtpMobile", "OtpResend", "OtpSend"], with);
    }

    internal sealed record Operation(string Id, string Method, string Path, bool Anonymous, JsonElement Element)
    {
        public JsonElement Responses => Element.GetProperty("responses");
    }

    internal static IEnumerable<Operation> Operations()
    {
        foreach (var path in Root.GetProperty("paths").EnumerateObject())
        {
            foreach (var method in path.Value.EnumerateObject().Where(m => Methods.Contains(m.Name)))
            {
                var security = method.Value.GetProperty("security");
                var anonymous = security.GetArrayLength() == 0;
                if (!anonymous)
                {
                    // Either form of the function key: the header or the code query parameter.
                    var schemes = security.EnumerateArray().SelectMany(r => r.EnumerateObject().Select(s => s.Name)).Order().ToList();
                    Assert.Equal(["functionKey", "functionKeyQuery"], schemes);
                }

                yield return new Operation(method.Value.GetProperty("operationId").GetString()!, method.Name, path.Name, anonymous, method.Value);
            }
        }
    }

    private static IEnumerable<string> CodeConstants() =>
        typeof(ApiRoutes).Assembly.GetTypes()
            .Where(t => t.Name.EndsWith("ProblemCodes", StringComparison.Ordinal))
            .SelectMany(t => t.GetFields(BindingFlags.Public | BindingFlags.Static))
            .Where(f => f.IsLiteral && f.FieldType == typeof(string))
            .Select(f => (string)f.GetRawConstantValue()!);

    private static IEnumerable<(string Where, int Status, JsonElement Response)> AllResponses()
    {
        var document = ContractDocument.Default;
        foreach (var o in Operations())
        {
            foreach (var r in o.Responses.EnumerateObject())
            {
                var pointer = $"/paths/{ContractDocument.Escape(o.Path)}/{o.Method}/responses/{r.Name}";
                yield return (pointer, int.Parse(r.Name, System.Globalization.CultureInfo.InvariantCulture), document.Resolve(r.Value, pointer).Element);
            }
        }

        foreach (var r in Root.GetProperty(ContractDocument.UnmatchedExtension).EnumerateObject().SelectMany(u => u.Value.EnumerateObject()))
        {
            yield return (r.Name, int.Parse(r.Name, System.Globalization.CultureInfo.InvariantCulture), document.Resolve(r.Value, "").Element);
        }
    }

    /// <summary>The component schemas a schema refers to, transitively.</summary>
    private static IEnumerable<string> Referenced(JsonElement schema)
    {
        var seen = new HashSet<string>();
        var stack = new Stack<JsonElement>([schema]);
        while (stack.Count > 0)
        {
            var element = stack.Pop();
            if (element.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in element.EnumerateArray())
                {
                    stack.Push(item);
                }
            }
            else if (element.ValueKind == JsonValueKind.Object)
            {
                foreach (var p in element.EnumerateObject())
                {
                    if (p.Name == "$ref" && p.Value.GetString() is { } r && r.StartsWith("#/components/schemas/", StringComparison.Ordinal))
                    {
                        var name = r["#/components/schemas/".Length..];
                        if (seen.Add(name))
                        {
                            stack.Push(Root.GetProperty("components").GetProperty("schemas").GetProperty(name));
                        }
                    }
                    else
                    {
                        stack.Push(p.Value);
                    }
                }
            }
        }

        return seen;
    }

    /// <summary>The declared properties of a schema and its nested object schemas (not the conditions' refinements).</summary>
    private static IEnumerable<(string Path, JsonElement Property)> Properties(JsonElement schema, string path)
    {
        if (!schema.TryGetProperty("properties", out var properties))
        {
            yield break;
        }

        foreach (var p in properties.EnumerateObject())
        {
            yield return ($"{path}/properties/{p.Name}", p.Value);
            foreach (var nested in Properties(p.Value, $"{path}/properties/{p.Name}"))
            {
                yield return nested;
            }

            if (p.Value.TryGetProperty("items", out var items))
            {
                foreach (var nested in Properties(items, $"{path}/properties/{p.Name}/items"))
                {
                    yield return nested;
                }
            }
        }
    }
}
