using System.Xml.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace SmsOtp.Tests.Architecture;

/// <summary>
/// The feature graph from the compiler, not from using lines: the core's sources are compiled (without their
/// source generators, whose output names no feature) and every name in a file that resolves to a type, or to an
/// extension method, counts as a use of the feature folder that declares it. Global usings (the project's
/// <c>Using</c> items), partly qualified names (<c>Phone.MobileMask</c> inside <c>SmsOtp.Core.Otp</c>) and fully
/// qualified ones all count alike.
/// </summary>
public sealed partial class ArchitectureTests
{
    private const string CorePrefix = "SmsOtp.Core.";

    // Microsoft.NET.Sdk's implicit usings and the project's <Using> items: the build generates them into obj/,
    // which these sources do not include.
    private static string GlobalUsings() => string.Join(
        " ",
        new[] { "System", "System.Collections.Generic", "System.IO", "System.Linq", "System.Net.Http", "System.Threading", "System.Threading.Tasks" }
            .Concat(Project().Descendants("Using").Select(u => (string)u.Attribute("Include")!))
            .Select(ns => $"global using {ns};"));

    /// <summary>The features one more source file uses, compiled against the built core.</summary>
    private static HashSet<string> Uses(string source) =>
        CoreUses([("extra.cs", source)], [MetadataReference.CreateFromFile(typeof(OtpService).Assembly.Location)])["extra.cs"];

    /// <summary>The features each source uses, compiled together (with the built core as <paramref name="core"/>, for a snippet).</summary>
    private static Dictionary<string, HashSet<string>> CoreUses(IEnumerable<(string Path, string Source)> sources, IEnumerable<MetadataReference> core)
    {
        var options = CSharpParseOptions.Default.WithLanguageVersion(LanguageVersion.Preview).WithPreprocessorSymbols("SMSOTP_SERVER");
        var trees = sources.Select(s => CSharpSyntaxTree.ParseText(s.Source, options, s.Path)).ToList();
        var linked = Project().Descendants("Compile").Select(c => Path.GetFullPath(Path.Combine(CoreRoot, (string)c.Attribute("Include")!)))
            .Select(f => CSharpSyntaxTree.ParseText(File.ReadAllText(f), options, f));
        var compilation = CSharpCompilation.Create(
            "CoreGraph",
            trees.Concat(linked).Append(CSharpSyntaxTree.ParseText(GlobalUsings(), options)),
            References.Value.Concat(core),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

        return trees.ToDictionary(t => t.FilePath, t => FeaturesNamed(compilation.GetSemanticModel(t), t));
    }

    private static HashSet<string> FeaturesNamed(SemanticModel model, SyntaxTree tree)
    {
        var features = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in tree.GetRoot().DescendantNodes().OfType<SimpleNameSyntax>())
        {
            // A using's or a namespace's name resolves to a namespace, which is no use; `using static` is.
            var info = model.GetSymbolInfo(name);
            var symbol = info.Symbol ?? info.CandidateSymbols.FirstOrDefault();
            var declaring = symbol switch
            {
                INamedTypeSymbol type => type,
                IMethodSymbol { IsExtensionMethod: true } method => method.ContainingType,
                _ => null,
            };
            if (declaring is not null && FeatureOf(declaring) is { } feature)
            {
                features.Add(feature);
            }
        }

        return features;
    }

    private static string? FeatureOf(INamedTypeSymbol type)
    {
        var ns = (type.OriginalDefinition.ContainingType is { } outer ? Outermost(outer) : type).ContainingNamespace?.ToDisplayString() ?? "";
        return ns.StartsWith(CorePrefix, StringComparison.Ordinal) ? ns[CorePrefix.Length..].Split('.')[0] : null;
    }

    // The core's project file: its <Using> items, and the files it compiles from elsewhere (<Compile Include>,
    // the wire values it shares with the client package, under its SMSOTP_SERVER symbol).
    private static XDocument Project() => XDocument.Load(Path.Combine(CoreRoot, "SmsOtp.Core.csproj"));

    private static INamedTypeSymbol Outermost(INamedTypeSymbol type) => type.ContainingType is { } outer ? Outermost(outer) : type;

    // Everything the test run loaded, but not our own assemblies: their types come from the sources.
    private static readonly Lazy<List<MetadataReference>> References = new(() =>
        ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(p => !Path.GetFileName(p).StartsWith("SmsOtp.", StringComparison.Ordinal))
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .ToList());
}
