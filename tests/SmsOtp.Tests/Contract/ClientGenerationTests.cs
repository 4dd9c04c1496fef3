using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis;
using NJsonSchema.CodeGeneration.CSharp;
using NSwag.CodeGeneration.CSharp;

namespace SmsOtp.Tests.Contract;

/// <summary>
/// A standard generator can make a client from the document: NSwag generates a C# client in process and
/// Roslyn compiles it, and every schema property comes out as a typed property (a generator that misreads
/// a schema, e.g. <c>oneOf</c> or <c>$ref</c> with sibling keywords, makes <c>object</c> properties or drops
/// them).
/// Kiota (a dotnet tool, not a library) is checked by hand; it generated a client with no errors and only
/// informational warnings (two servers: the first is used; formats uri/uri-reference become string), and
/// the output compiled with no warnings against Microsoft.Kiota.* 2.1.6:
/// <code>
/// dotnet tool install Microsoft.OpenApi.Kiota --version 1.38.0 --tool-path /tmp/kiota
/// KIOTA_OFFLINE_ENABLED=true /tmp/kiota/kiota generate -l CSharp -d src/SmsOtp.Core/Http/openapi.json \
///   -o /tmp/kiota-out -c SmsOtpApiClient -n Generated.Kiota --ebc
/// </code>
/// </summary>
public sealed class ClientGenerationTests
{
    private const string Namespace = "Generated.SmsOtp";

    [Fact]
    public async Task NSwag_generates_a_csharp_client_that_compiles_with_every_operation_and_property()
    {
        var document = await NSwag.OpenApiDocument.FromJsonAsync(ContractDocument.ReadEmbedded());
        var settings = new CSharpClientGeneratorSettings { ClassName = "SmsOtpApiClient", GenerateExceptionClasses = true };
        settings.CSharpGeneratorSettings.Namespace = Namespace;
        settings.CSharpGeneratorSettings.JsonLibrary = CSharpJsonLibrary.SystemTextJson;
        var code = new CSharpClientGenerator(document, settings).GenerateFile();

        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Select(p => MetadataReference.CreateFromFile(p));
        var compilation = CSharpCompilation.Create("GeneratedSmsOtpClient", [CSharpSyntaxTree.ParseText(code)], references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        using var assembly = new MemoryStream();
        var emitted = compilation.Emit(assembly);
        Assert.True(emitted.Success, string.Join(Environment.NewLine, emitted.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Take(20)));
        Assert.Empty(emitted.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Warning).Select(d => d.ToString()));

        var client = compilation.GetTypeByMetadataName($"{Namespace}.SmsOtpApiClient")!;
        Assert.All(OpenApiDocumentTests.Operations(), o => Assert.Contains(client.GetMembers(o.Id + "Async"), m => m is IMethodSymbol));

        var schemas = ContractDocument.Default.Root.GetProperty("components").GetProperty("schemas");
        foreach (var schema in schemas.EnumerateObject().Where(s => s.Value.TryGetProperty("properties", out _)))
        {
            var type = compilation.GetTypeByMetadataName($"{Namespace}.{schema.Name}");
            Assert.True(type is not null, $"NSwag made no class for {schema.Name}.");
            var generated = AllProperties(type).ToDictionary(p => JsonName(p) ?? p.Name, StringComparer.Ordinal);
            foreach (var property in schema.Value.GetProperty("properties").EnumerateObject())
            {
                Assert.True(generated.TryGetValue(property.Name, out var symbol), $"{schema.Name}.{property.Name} is missing from the generated class.");
                var typed = property.Value.TryGetProperty("$ref", out _)
                    || (property.Value.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String && t.GetString() != "object");
                Assert.False(typed && symbol.Type.SpecialType == SpecialType.System_Object, $"{schema.Name}.{property.Name} came out as object.");
            }
        }
    }

    private static IEnumerable<IPropertySymbol> AllProperties(INamedTypeSymbol? type)
    {
        for (; type is not null; type = type.BaseType)
        {
            foreach (var property in type.GetMembers().OfType<IPropertySymbol>())
            {
                yield return property;
            }
        }
    }

    private static string? JsonName(IPropertySymbol property) =>
        property.GetAttributes().FirstOrDefault(a => a.AttributeClass?.Name == "JsonPropertyNameAttribute")?.ConstructorArguments[0].Value as string;
}
