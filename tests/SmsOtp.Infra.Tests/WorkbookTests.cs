using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace SmsOtp.Infra.Tests;

/// <summary>The Azure Monitor workbook: one shared workbook on the workspace, with the visuals of spec section 11.</summary>
[Collection(InfraCollection.Name)]
public sealed class WorkbookTests(InfraFixture infra)
{
    private const string WorkbookType = "Microsoft.Insights/workbooks";

    /// <summary>Required visual (item name) to what its query must contain.</summary>
    public static TheoryData<string, string[]> RequiredVisuals => new()
    {
        {
            "send-verify-by-country",
            [
                "Name == \"smsotp.sends\"", "tostring(Properties[\"outcome\"]) == \"sent\"", "Properties[\"country\"]",
                "Name == \"smsotp.verify\"", "tostring(Properties[\"smsotp.status\"]) == \"verified\"",
                "Properties[\"smsotp.country\"]", "sum(ItemCount)", "by country",
            ]
        },
        {
            "delivery-latency",
            [
                "Name == \"smsotp.delivery\"", "Properties[\"smsotp.delivery.duration_s\"]",
                "percentilew(seconds, ItemCount, 50)", "percentilew(seconds, ItemCount, 95)", "percentilew(seconds, ItemCount, 99)",
                "union AppRequests, AppDependencies",
            ]
        },
        {
            "delivery-latency-by-provider",
            [
                "Name == \"smsotp.delivery.duration\"", "Properties[\"smsotp.provider\"]",
                "percentilew(seconds, ItemCount, 99)", "sum(Sum) / sum(ItemCount)", "max(Max)",
            ]
        },
        {
            "provider-outcomes-over-time",
            ["Name == \"smsotp.deliveries\"", "Properties[\"outcome\"]", "bin(TimeGenerated, {TimeRange:grain})"]
        },
        {
            "provider-outcomes",
            ["Name == \"smsotp.deliveries\"", "Properties[\"provider\"]", "Properties[\"outcome\"]", "Properties[\"error_code\"]"]
        },
        {
            "segments-per-sms",
            [
                "Name == \"smsotp.sms.segments\"", "Properties[\"encoding\"]", "Name == \"smsotp.sends\"",
                "SegmentsPerSms = round(Segments / Sms, 2)", "on tenant, country",
            ]
        },
    };

    [Fact]
    public void Workbook_IsOneSharedWorkbookOnTheWorkspace()
    {
        var snapshot = infra.DefaultsSnapshot;
        var workbook = snapshot.Single(WorkbookType);
        var workspaceId = snapshot.IdOf("Microsoft.OperationalInsights/workspaces");

        Assert.Equal("shared", workbook.StringAt("kind"));
        Assert.Equal("workbook", workbook.StringAt("properties.category"));
        Assert.Equal(workspaceId, workbook.StringAt("properties.sourceId"));
        Assert.True(Guid.TryParse(workbook.StringAt("name"), out _), "A workbook's name must be a GUID.");
        Assert.Equal("SMS OTP service (smsotp)", workbook.StringAt("properties.displayName"));

        var content = Content(snapshot);
        Assert.Equal("Notebook/1.0", content.StringAt("version"));
        Assert.Equal([workspaceId], (content["fallbackResourceIds"] as JsonArray ?? []).Select(n => n!.GetValue<string>()));
    }

    [Theory]
    [MemberData(nameof(RequiredVisuals))]
    public void Workbook_HasTheRequiredVisual(string name, string[] fragments)
    {
        var item = Assert.Single(QueryItems(infra.DefaultsSnapshot), i => i.StringAt("name") == name);
        var query = item.StringAt("content.query");
        foreach (var fragment in fragments)
        {
            Assert.Contains(fragment, query, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void WorkbookQueries_RunOnTheWorkspace_OverTheSelectedTimeRange()
    {
        var snapshot = infra.DefaultsSnapshot;
        var workspaceId = snapshot.IdOf("Microsoft.OperationalInsights/workspaces");
        var content = Content(snapshot);

        var parameters = Assert.Single((content["items"] as JsonArray ?? []).OfType<JsonObject>(), i => i.At("type")!.GetValue<int>() == 9);
        var timeRange = Assert.Single(parameters.At("content.parameters")?.AsArray() ?? []);
        Assert.Equal("TimeRange", timeRange.StringAt("name"));
        Assert.Equal(4, timeRange.At("type")!.GetValue<int>());

        var items = QueryItems(snapshot);
        Assert.True(items.Count >= RequiredVisuals.Count(), $"Expected at least {RequiredVisuals.Count()} query visuals, found {items.Count}.");
        foreach (var item in items)
        {
            var name = item.StringAt("name");
            Assert.Equal("KqlItem/1.0", item.StringAt("content.version"));
            Assert.Equal(0, item.At("content.queryType")!.GetValue<int>());
            Assert.Equal("microsoft.operationalinsights/workspaces", item.StringAt("content.resourceType"));
            Assert.Equal([workspaceId], (item.At("content.crossComponentResources") as JsonArray ?? []).Select(n => n!.GetValue<string>()));
            Assert.Equal("TimeRange", item.StringAt("content.timeContextFromParameter"));

            // Workspace tables (App*), never the classic Application Insights names.
            var query = item.StringAt("content.query");
            Assert.Matches(@"\b(AppMetrics|AppRequests|AppDependencies)\b", query);
            foreach (var classic in new[] { "customMetrics", "customDimensions", "dependencies\n", "requests\n" })
            {
                Assert.False(query.Contains(classic, StringComparison.Ordinal), $"{name} uses the classic name {classic.Trim()}.");
            }
        }
    }

    [Fact]
    public void WorkbookQueries_ReadOnlySpecInstruments_AndTheDocumentedSpans()
    {
        var known = TelemetryContract.Instruments.Keys
            .Concat(TelemetryContract.Spans.Keys)
            .Concat(TelemetryContract.SpanAttributes)
            .ToHashSet();
        var attributes = TelemetryContract.MetricAttributes.Concat(TelemetryContract.SpanAttributes).ToHashSet();

        foreach (var item in QueryItems(infra.DefaultsSnapshot))
        {
            var query = item.StringAt("content.query");
            foreach (Match name in AlertTests.TelemetryName().Matches(query))
            {
                Assert.True(known.Contains(name.Value), $"{item.StringAt("name")} reads {name.Value}, which neither spec section 11 nor docs/operations.md names.");
            }

            foreach (Match key in AlertTests.PropertyKey().Matches(query))
            {
                Assert.Contains(key.Groups["key"].Value, attributes);
            }
        }
    }

    [Fact]
    public void OperationsDoc_NamesEverySpanAndAttributeTheQueriesRelyOn()
    {
        // The emitting code follows docs/operations.md: what the workbook reads must be written there.
        var doc = File.ReadAllText(Path.Combine(RepositoryLayout.Root, "docs", "operations.md"));
        foreach (var name in TelemetryContract.Spans.Keys.Concat(TelemetryContract.SpanAttributes).Concat(TelemetryContract.Instruments.Keys))
        {
            Assert.Contains($"`{name}`", doc, StringComparison.Ordinal);
        }
    }

    private static JsonObject Content(DeploymentSnapshot snapshot)
    {
        var serialized = snapshot.Single(WorkbookType).StringAt("properties.serializedData");
        return JsonNode.Parse(serialized)!.AsObject();
    }

    private static List<JsonObject> QueryItems(DeploymentSnapshot snapshot) =>
        (Content(snapshot)["items"] as JsonArray ?? [])
            .OfType<JsonObject>()
            .Where(i => i.At("type")!.GetValue<int>() == 3)
            .ToList();
}
