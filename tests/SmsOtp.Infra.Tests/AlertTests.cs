using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace SmsOtp.Infra.Tests;

/// <summary>
/// The alert rules of spec section 11 (log search alerts on the workspace), the optional e-mail action
/// group, and the identity the rules query as.
/// </summary>
[Collection(InfraCollection.Name)]
public sealed partial class AlertTests(InfraFixture infra)
{
    private const string RuleType = "Microsoft.Insights/scheduledQueryRules";
    private const string ActionGroupType = "Microsoft.Insights/actionGroups";

    /// <summary>What each rule must be: its measure, threshold parameter and query.</summary>
    private static readonly IReadOnlyDictionary<string, Rule> Rules = new Dictionary<string, Rule>
    {
        ["delivery-failure-ratio"] = new(
            Severity: 1, WindowSize: "PT15M", Frequency: "PT5M",
            Measure: "FailurePercent", Aggregation: "Maximum", Operator: "GreaterThan",
            ThresholdParameter: "deliveryFailurePercentThreshold", DefaultThreshold: 20,
            Minimum: ("Attempts", "deliveryFailureMinAttempts", 10),
            Dimensions: ["provider"],
            Fragments:
            [
                "AppMetrics", "Name == \"smsotp.deliveries\"", "Properties[\"provider\"]", "Properties[\"outcome\"]",
                "outcome in (\"accepted\", \"rejected\", \"transient\")", "sumif(Sum, outcome != \"accepted\")",
            ]),
        ["poison-messages"] = new(
            Severity: 2, WindowSize: "PT15M", Frequency: "PT5M",
            Measure: "PoisonMessages", Aggregation: "Total", Operator: "GreaterThan",
            ThresholdParameter: "poisonMessageThreshold", DefaultThreshold: 0,
            Minimum: null,
            Dimensions: [],
            Fragments: ["AppMetrics", "Name == \"smsotp.deliveries\"", "tostring(Properties[\"outcome\"]) == \"poison\"", "sum(Sum)"]),
        ["conversion-drop"] = new(
            Severity: 2, WindowSize: "PT1H", Frequency: "PT15M",
            Measure: "ConversionPercent", Aggregation: "Minimum", Operator: "LessThan",
            ThresholdParameter: "conversionPercentThreshold", DefaultThreshold: 50,
            Minimum: ("Sent", "conversionMinSends", 20),
            Dimensions: ["tenant"],
            Fragments:
            [
                "AppMetrics", "\"smsotp.sends\"", "\"smsotp.verifications\"", "Properties[\"tenant\"]",
                "tostring(Properties[\"outcome\"]) == \"sent\"", "tostring(Properties[\"status\"]) == \"verified\"",
                "100.0 * Verified / Sent",
            ]),
        ["http-5xx-ratio"] = new(
            Severity: 1, WindowSize: "PT15M", Frequency: "PT5M",
            Measure: "ServerErrorPercent", Aggregation: "Maximum", Operator: "GreaterThan",
            ThresholdParameter: "serverErrorPercentThreshold", DefaultThreshold: 5,
            Minimum: ("Requests", "serverErrorMinRequests", 20),
            Dimensions: [],
            Fragments: ["AppRequests", "toint(ResultCode)", "between (100 .. 599)", "sumif(ItemCount, Code >= 500)", "sum(ItemCount)"]),
        ["fraudguard-suspensions"] = new(
            Severity: 2, WindowSize: "PT15M", Frequency: "PT5M",
            Measure: "Suspensions", Aggregation: "Total", Operator: "GreaterThan",
            ThresholdParameter: "fraudGuardSuspensionThreshold", DefaultThreshold: 0,
            Minimum: null,
            Dimensions: ["country"],
            Fragments: ["AppMetrics", "Name == \"smsotp.fraudguard.suspensions\"", "Properties[\"country\"]"]),
    };

    public static TheoryData<string> RuleKeys => new(Rules.Keys);

    [Fact]
    public void AlertRules_AreTheFiveOfTheSpec()
    {
        foreach (var snapshot in new[] { infra.ExampleSnapshot, infra.DefaultsSnapshot, infra.CustomSnapshot })
        {
            Assert.Equal(
                Rules.Keys.Select(key => $"alert-smsotp-{key}").Order(StringComparer.Ordinal),
                snapshot.OfType(RuleType).Select(r => r.StringAt("name")).Order(StringComparer.Ordinal));
        }
    }

    [Theory]
    [MemberData(nameof(RuleKeys))]
    public void AlertRule_QueriesTheWorkspace_WithDefaultThresholds_AndNoActionsWithoutEmail(string key)
    {
        var expected = Rules[key];
        var snapshot = infra.DefaultsSnapshot;
        var rule = RuleOf(snapshot, key);

        Assert.Equal("LogAlert", rule.StringAt("kind"));
        Assert.True(rule.BoolAt("properties.enabled"), $"{key} must be enabled.");
        Assert.True(rule.BoolAt("properties.autoMitigate"), $"{key} must resolve itself when the condition clears.");
        Assert.True(rule.BoolAt("properties.skipQueryValidation"), $"{key}: a fresh workspace may not have the App* tables yet.");
        Assert.Equal(expected.Severity, rule.At("properties.severity")!.GetValue<int>());
        Assert.Equal(expected.WindowSize, rule.StringAt("properties.windowSize"));
        Assert.Equal(expected.Frequency, rule.StringAt("properties.evaluationFrequency"));
        Assert.Equal([snapshot.IdOf("Microsoft.OperationalInsights/workspaces")], Strings(rule.At("properties.scopes")));

        var condition = ConditionOf(rule);
        Assert.Equal(expected.Measure, condition.StringAt("metricMeasureColumn"));
        Assert.Equal(expected.Aggregation, condition.StringAt("timeAggregation"));
        Assert.Equal(expected.Operator, condition.StringAt("operator"));
        Assert.Equal(expected.DefaultThreshold, condition.At("threshold")!.GetValue<int>());
        Assert.Equal(1, condition.At("failingPeriods.numberOfEvaluationPeriods")!.GetValue<int>());
        Assert.Equal(1, condition.At("failingPeriods.minFailingPeriodsToAlert")!.GetValue<int>());

        var dimensions = (condition["dimensions"] as JsonArray ?? []).OfType<JsonObject>().ToList();
        Assert.Equal(expected.Dimensions, dimensions.Select(d => d.StringAt("name")));
        Assert.All(dimensions, d =>
        {
            Assert.Equal("Include", d.StringAt("operator"));
            Assert.Equal(["*"], Strings(d["values"]));
        });

        var query = condition.StringAt("query");
        foreach (var fragment in expected.Fragments)
        {
            Assert.Contains(fragment, query, StringComparison.Ordinal);
        }

        // The measure is computed by the query, and every dimension is one of its columns.
        Assert.Contains(expected.Measure + " =", query, StringComparison.Ordinal);
        Assert.All(expected.Dimensions, d => Assert.Matches($@"\b{d}\b", query));
        if (expected.Minimum is (string column, _, int defaultMinimum))
        {
            Assert.Contains($"| where {column} >= {defaultMinimum}", query, StringComparison.Ordinal);
        }

        // Runs as the alerts identity, not the app's; no e-mail given, so no action group.
        var identities = rule.At("identity.userAssignedIdentities") as JsonObject ?? [];
        Assert.Equal("UserAssigned", rule.StringAt("identity.type"));
        Assert.Equal([snapshot.AlertsIdentityId()], identities.Select(i => i.Key));
        Assert.Empty(rule.At("properties.actions.actionGroups")?.AsArray() ?? []);
        Assert.Equal($"docs/operations.md#{key}", rule.StringAt("properties.actions.customProperties.runbook"));
        Assert.Contains($"docs/operations.md#{key}", rule.StringAt("properties.description"), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(RuleKeys))]
    public void AlertRule_TakesItsThresholdsFromParameters_AndNotifiesTheActionGroup(string key)
    {
        var expected = Rules[key];
        var snapshot = infra.CustomSnapshot;
        var condition = ConditionOf(RuleOf(snapshot, key));

        var threshold = InfraFixture.CustomMonitoringParameters[expected.ThresholdParameter];
        Assert.NotEqual(expected.DefaultThreshold, threshold);
        Assert.Equal(threshold, condition.At("threshold")!.GetValue<int>());
        if (expected.Minimum is (string column, string parameter, int defaultMinimum))
        {
            var minimum = InfraFixture.CustomMonitoringParameters[parameter];
            Assert.NotEqual(defaultMinimum, minimum);
            Assert.Contains($"| where {column} >= {minimum}", condition.StringAt("query"), StringComparison.Ordinal);
        }

        Assert.Equal(
            [snapshot.IdOf(ActionGroupType)],
            Strings(RuleOf(snapshot, key).At("properties.actions.actionGroups")));
    }

    [Fact]
    public void ActionGroup_ExistsOnlyWithAnEmail()
    {
        Assert.Empty(infra.DefaultsSnapshot.OfType(ActionGroupType));
        Assert.Empty(infra.ExampleSnapshot.OfType(ActionGroupType));

        var group = infra.CustomSnapshot.Single(ActionGroupType);
        Assert.Equal("global", group.StringAt("location"));
        Assert.True(group.BoolAt("properties.enabled"), "The action group must be enabled.");
        Assert.InRange(group.StringAt("properties.groupShortName").Length, 1, 12);

        var receiver = Assert.Single(group.At("properties.emailReceivers")?.AsArray() ?? []);
        Assert.Equal(InfraFixture.CustomAlertEmail, receiver.StringAt("emailAddress"));
        Assert.True(receiver.BoolAt("useCommonAlertSchema"), "E-mails should use the common alert schema.");
        foreach (var kind in new[] { "smsReceivers", "webhookReceivers", "voiceReceivers" })
        {
            Assert.Empty(group.At($"properties.{kind}")?.AsArray() ?? []);
        }
    }

    [Fact]
    public void AlertsIdentity_ReadsTheWorkspace_AndNothingElse()
    {
        foreach (var snapshot in new[] { infra.DefaultsSnapshot, infra.CustomSnapshot })
        {
            var principal = DeploymentSnapshot.PrincipalOf(snapshot.AlertsIdentityId());
            var assignment = Assert.Single(
                snapshot.OfType("Microsoft.Authorization/roleAssignments"),
                a => a.StringAt("properties.principalId") == principal);

            Assert.Equal(RoleAssignmentTests.LogAnalyticsReader, DeploymentSnapshot.RoleOf(assignment));
            Assert.Equal(
                snapshot.IdOf("Microsoft.OperationalInsights/workspaces"),
                DeploymentSnapshot.ScopeOf(assignment),
                ignoreCase: true);
            Assert.Equal("ServicePrincipal", assignment.StringAt("properties.principalType"));
            Assert.NotEqual(snapshot.AppIdentityId(), snapshot.AlertsIdentityId());
        }
    }

    [Fact]
    public void AlertRules_AreCreatedAfterTheirRoleAssignment()
    {
        // Otherwise the first evaluations run before the identity may read the workspace.
        var rules = infra.Template.Single(RuleType);
        var roleAssignment = Assert.Single(
            infra.Template.OfType("Microsoft.Authorization/roleAssignments"),
            a => a.TemplatePath == rules.TemplatePath);
        var dependsOn = Strings(rules.At("dependsOn"));

        // languageVersion 2.0 names the dependency by symbolic name, 1.0 by its resource id expression.
        Assert.Contains(
            dependsOn,
            d => d == roleAssignment.SymbolicName || d.Contains("'Microsoft.Authorization/roleAssignments'", StringComparison.Ordinal));
    }

    [Fact]
    public void AlertQueries_ReadOnlySpecTelemetry_FromWorkspaceTables()
    {
        foreach (var rule in infra.DefaultsSnapshot.OfType(RuleType))
        {
            var query = ConditionOf(rule).StringAt("query");
            Assert.Matches(@"^\s*(AppMetrics|AppRequests)\b", query);
            Assert.DoesNotContain("customMetrics", query, StringComparison.Ordinal);
            Assert.DoesNotContain("customDimensions", query, StringComparison.Ordinal);

            // Metrics only: they are never sampled, so a threshold means the same at any load.
            foreach (Match name in TelemetryName().Matches(query))
            {
                Assert.Contains(name.Value, TelemetryContract.Instruments.Keys);
            }

            foreach (Match attribute in PropertyKey().Matches(query))
            {
                Assert.Contains(attribute.Groups["key"].Value, TelemetryContract.MetricAttributes);
            }
        }
    }

    private static JsonObject RuleOf(DeploymentSnapshot snapshot, string key) =>
        Assert.Single(snapshot.OfType(RuleType), r => r.StringAt("name") == $"alert-smsotp-{key}");

    private static JsonObject ConditionOf(JsonObject rule) =>
        Assert.Single(rule.At("properties.criteria.allOf")?.AsArray() ?? []) as JsonObject
            ?? throw new Xunit.Sdk.XunitException("The condition is not an object.");

    private static List<string> Strings(JsonNode? array) =>
        (array as JsonArray ?? []).Select(n => n!.GetValue<string>()).ToList();

    [GeneratedRegex(@"smsotp\.[a-z_.]*[a-z_]")]
    internal static partial Regex TelemetryName();

    [GeneratedRegex("Properties\\[\"(?<key>[^\"]+)\"\\]")]
    internal static partial Regex PropertyKey();

    private sealed record Rule(
        int Severity,
        string WindowSize,
        string Frequency,
        string Measure,
        string Aggregation,
        string Operator,
        string ThresholdParameter,
        int DefaultThreshold,
        (string Column, string Parameter, int Default)? Minimum,
        string[] Dimensions,
        string[] Fragments);
}
