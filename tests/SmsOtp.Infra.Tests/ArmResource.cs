using System.Text.Json.Nodes;

namespace SmsOtp.Infra.Tests;

/// <summary>A resource declaration in a compiled ARM template (main.json or a nested module template).</summary>
/// <param name="SymbolicName">The Bicep symbolic name (languageVersion 2.0) or the name expression.</param>
/// <param name="Type">The resource type, e.g. Microsoft.Web/sites.</param>
/// <param name="Body">The declaration as compiled.</param>
/// <param name="TemplatePath">Where it sits: "main", "main/storage", ...</param>
public sealed record ArmResource(string SymbolicName, string Type, JsonObject Body, string TemplatePath)
{
    public JsonNode? At(string dottedPath) => Body.At(dottedPath);

    public bool? BoolAt(string dottedPath) => Body.BoolAt(dottedPath);

    public override string ToString() => $"{TemplatePath}:{SymbolicName} ({Type})";
}
