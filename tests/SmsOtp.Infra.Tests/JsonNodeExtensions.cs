using System.Text.Json.Nodes;

namespace SmsOtp.Infra.Tests;

/// <summary>Small helpers to read compiled templates and snapshots.</summary>
public static class JsonNodeExtensions
{
    /// <summary>The node at a dotted path ("properties.siteConfig.ftpsState"), or null.</summary>
    public static JsonNode? At(this JsonNode? node, string dottedPath)
    {
        foreach (var segment in dottedPath.Split('.'))
        {
            node = node is JsonObject obj && obj.TryGetPropertyValue(segment, out var child) ? child : null;
            if (node is null)
            {
                return null;
            }
        }

        return node;
    }

    /// <summary>The string at a dotted path; fails the test when it is missing or not a string.</summary>
    public static string StringAt(this JsonNode? node, string dottedPath) =>
        node.At(dottedPath) is JsonValue value && value.TryGetValue<string>(out var text)
            ? text
            : throw new Xunit.Sdk.XunitException($"Expected a string at '{dottedPath}' in {node?.ToJsonString()}");

    /// <summary>The literal boolean at a dotted path, or null when missing or not a literal boolean.</summary>
    public static bool? BoolAt(this JsonNode? node, string dottedPath) =>
        node.At(dottedPath) is JsonValue value && value.TryGetValue<bool>(out var flag) ? flag : null;
}
