using System.Text.Json;

namespace SmsOtp.Migrate.Users;

/// <summary>
/// A SCIM attribute named as <c>&lt;schema URN&gt;:&lt;attribute&gt;[.&lt;sub-attribute&gt;]</c>, e.g.
/// <c>urn:scim:wso2:schema:smsotp_disabled</c>. Attributes of the core User schema sit at the top of the
/// resource; those of an extension schema in the object named by its URN (RFC 7643 §3.3).
/// </summary>
public sealed record ScimAttributePath(string Schema, string Attribute, string? SubAttribute)
{
    public const string CoreUserSchema = "urn:ietf:params:scim:schemas:core:2.0:User";

    public static ScimAttributePath Parse(string text)
    {
        var colon = text.LastIndexOf(':');
        if (colon <= 0 || colon == text.Length - 1 || !text.StartsWith("urn:", StringComparison.OrdinalIgnoreCase))
        {
            throw new MigrationInputException($"'{text}' is not a SCIM attribute path: use <schema URN>:<attribute>, e.g. urn:scim:wso2:schema:smsotp_disabled.");
        }

        var attribute = text[(colon + 1)..];
        var dot = attribute.IndexOf('.', StringComparison.Ordinal);
        return new ScimAttributePath(text[..colon], dot < 0 ? attribute : attribute[..dot], dot < 0 ? null : attribute[(dot + 1)..]);
    }

    /// <summary>The attribute's value in one user resource, or null when absent or null.</summary>
    public JsonElement? Read(JsonElement user)
    {
        var container = Schema.Equals(CoreUserSchema, StringComparison.OrdinalIgnoreCase)
            ? user
            : Property(user, Schema) is { ValueKind: JsonValueKind.Object } ext ? ext : (JsonElement?)null;
        if (container is not { } c || Property(c, Attribute) is not { } value)
        {
            return null;
        }

        if (SubAttribute is not null)
        {
            value = value.ValueKind == JsonValueKind.Object && Property(value, SubAttribute) is { } sub ? sub : default;
        }

        return value.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null ? null : value;
    }

    public override string ToString() => Schema + ":" + Attribute + (SubAttribute is null ? "" : "." + SubAttribute);

    /// <summary>SCIM attribute names are case-insensitive (RFC 7643 §2.1).</summary>
    internal static JsonElement? Property(JsonElement obj, string name)
    {
        if (obj.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        foreach (var p in obj.EnumerateObject())
        {
            if (p.Name.Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                return p.Value;
            }
        }

        return null;
    }
}
