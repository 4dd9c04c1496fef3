using System.Text.Json.Nodes;

namespace SmsOtp.Infra.Tests;

/// <summary>
/// The output of <c>bicep snapshot</c>: the compiled template evaluated offline with a parameters file,
/// nested deployments expanded, so every resource has its full id and its properties their values
/// (values known only after deployment stay as reference(...) expressions).
/// </summary>
public sealed class DeploymentSnapshot
{
    private const string RoleAssignmentSegment = "/providers/Microsoft.Authorization/roleAssignments/";

    private DeploymentSnapshot(JsonObject root) => Root = root;

    public JsonObject Root { get; }

    public IReadOnlyList<JsonObject> Resources =>
        (Root["predictedResources"] as JsonArray)?.OfType<JsonObject>().ToList() ?? [];

    public JsonObject Outputs => Root["outputs"] as JsonObject ?? [];

    public static DeploymentSnapshot Load(string path) => new(JsonNode.Parse(File.ReadAllText(path))!.AsObject());

    public IReadOnlyList<JsonObject> OfType(string type) =>
        Resources.Where(r => string.Equals(r.StringAt("type"), type, StringComparison.OrdinalIgnoreCase)).ToList();

    public JsonObject Single(string type)
    {
        var matches = OfType(type);
        Xunit.Assert.True(matches.Count == 1, $"Expected exactly one {type} in the snapshot, found {matches.Count}.");
        return matches[0];
    }

    public string IdOf(string type) => Single(type).StringAt("id");

    /// <summary>The user-assigned identity the Function App runs as (id-...), not the alert rules' (id-alerts-...).</summary>
    public string AppIdentityId() => IdentityId(alerts: false);

    /// <summary>The user-assigned identity the alert rules query the workspace as (id-alerts-...).</summary>
    public string AlertsIdentityId() => IdentityId(alerts: true);

    /// <summary>The principalId expression a role assignment carries for an identity of this deployment.</summary>
    public static string PrincipalOf(string identityId) => $"[reference('{identityId}', '2024-11-30').principalId]";

    /// <summary>The resource a role assignment is scoped to: its id up to /providers/Microsoft.Authorization/roleAssignments/.</summary>
    public static string ScopeOf(JsonObject roleAssignment)
    {
        var id = roleAssignment.StringAt("id");
        var at = id.IndexOf(RoleAssignmentSegment, StringComparison.OrdinalIgnoreCase);
        return at < 0 ? throw new Xunit.Sdk.XunitException($"Not a role assignment id: {id}") : id[..at];
    }

    /// <summary>The role definition GUID of a role assignment.</summary>
    public static string RoleOf(JsonObject roleAssignment) =>
        roleAssignment.StringAt("properties.roleDefinitionId").Split('/')[^1].ToLowerInvariant();

    private string IdentityId(bool alerts)
    {
        var matches = OfType("Microsoft.ManagedIdentity/userAssignedIdentities")
            .Where(i => i.StringAt("name").StartsWith("id-alerts-", StringComparison.Ordinal) == alerts)
            .ToList();
        Xunit.Assert.True(matches.Count == 1, $"Expected exactly one {(alerts ? "alerts" : "app")} identity, found {matches.Count}.");
        return matches[0].StringAt("id");
    }

    /// <summary>The Function App's app settings, name to value, in declaration order.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> AppSettings() =>
        (Single("Microsoft.Web/sites").At("properties.siteConfig.appSettings") as JsonArray ?? [])
            .OfType<JsonObject>()
            .Select(setting => KeyValuePair.Create(setting.StringAt("name"), setting.StringAt("value")))
            .ToList();
}
