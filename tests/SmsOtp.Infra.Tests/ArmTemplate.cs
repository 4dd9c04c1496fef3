using System.Text.Json.Nodes;

namespace SmsOtp.Infra.Tests;

/// <summary>A compiled ARM template with its nested (module) templates.</summary>
public sealed class ArmTemplate
{
    private ArmTemplate(JsonObject root, string text)
    {
        Root = root;
        Text = text;
    }

    public JsonObject Root { get; }

    /// <summary>The template file as written by bicep build.</summary>
    public string Text { get; }

    public static ArmTemplate Load(string path)
    {
        var text = File.ReadAllText(path);
        return new ArmTemplate(JsonNode.Parse(text)!.AsObject(), text);
    }

    /// <summary>Every template: main first, then each nested deployment's template, depth first.</summary>
    public IEnumerable<(string Path, JsonObject Template)> Templates() => TemplatesOf(Root, "main");

    /// <summary>Every resource of every template (nested deployments included, as resources too).</summary>
    public IEnumerable<ArmResource> Resources() =>
        Templates().SelectMany(t => ResourcesOf(t.Template, t.Path));

    public IReadOnlyList<ArmResource> OfType(string type) =>
        Resources().Where(r => string.Equals(r.Type, type, StringComparison.OrdinalIgnoreCase)).ToList();

    public ArmResource Single(string type)
    {
        var matches = OfType(type);
        Xunit.Assert.True(matches.Count == 1, $"Expected exactly one {type}, found {matches.Count}: {string.Join(", ", matches)}");
        return matches[0];
    }

    /// <summary>The top-level resources (symbolic name to declaration) of main.json.</summary>
    public IReadOnlyDictionary<string, JsonObject> TopLevel() =>
        ResourcesOf(Root, "main").ToDictionary(r => r.SymbolicName, r => r.Body);

    private static IEnumerable<(string Path, JsonObject Template)> TemplatesOf(JsonObject template, string path)
    {
        yield return (path, template);
        foreach (var resource in ResourcesOf(template, path))
        {
            if (resource.Type == "Microsoft.Resources/deployments" && resource.At("properties.template") is JsonObject nested)
            {
                foreach (var inner in TemplatesOf(nested, $"{path}/{resource.SymbolicName}"))
                {
                    yield return inner;
                }
            }
        }
    }

    private static IEnumerable<ArmResource> ResourcesOf(JsonObject template, string path)
    {
        switch (template["resources"])
        {
            // languageVersion 2.0: an object keyed by symbolic name. Existing resources are references
            // to resources declared elsewhere (or outside the template), not declarations: skip them.
            case JsonObject byName:
                foreach (var (name, node) in byName)
                {
                    if (node is JsonObject body && body["existing"]?.GetValue<bool>() != true)
                    {
                        yield return new ArmResource(name, body["type"]?.GetValue<string>() ?? "", body, path);
                    }
                }

                break;

            // languageVersion 1.0: an array.
            case JsonArray list:
                foreach (var body in list.OfType<JsonObject>())
                {
                    yield return new ArmResource(
                        body["name"]?.ToJsonString() ?? "", body["type"]?.GetValue<string>() ?? "", body, path);
                }

                break;
        }
    }
}
