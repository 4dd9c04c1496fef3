using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace SmsOtp.Infra.Tests;

/// <summary>
/// Azure Communication Services (spec section 14), evaluated offline with acsMode 'new' and 'existing': the resource with
/// local auth disabled (new only), the app identity's role on it, the Event Grid system topic and its subscription to the
/// delivery-report event type with the receipt queue as destination delivered with the topic's identity, that identity's
/// queue-scoped "Storage Queue Data Message Sender" role, dead-lettering to a blob container, and alerts on dead-lettered
/// and dropped events. With acsMode 'none' (the other snapshots) none of it exists.
/// </summary>
[Collection(InfraCollection.Name)]
public sealed class AcsTests(InfraFixture infra)
{
    public const string CommunicationAndEmailServiceOwner = "09976791-48a7-449e-bb21-39d1a415f350";
    public const string StorageQueueDataMessageSender = "c6a89b2d-59bc-44d0-9896-0f6e12d7b80a";
    public const string StorageBlobDataContributor = "ba92f5b4-2d11-453d-a403-e96b0029c9fe";

    private static readonly ConcurrentDictionary<string, DeploymentSnapshot> Snapshots = new();

    public static TheoryData<string> Modes => new() { "new", "existing" };

    [Fact]
    public void A_new_resource_has_local_auth_disabled()
    {
        var acs = Snapshot("new").Single("Microsoft.Communication/communicationServices");
        Assert.Equal(true, acs.BoolAt("properties.disableLocalAuth"));
        Assert.Equal("global", acs.StringAt("location"));
        Assert.Empty(Snapshot("existing").OfType("Microsoft.Communication/communicationServices"));
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public void The_app_identity_gets_the_acs_role_on_the_acs_resource_only(string mode)
    {
        var snapshot = Snapshot(mode);
        var assignment = Assert.Single(snapshot.OfType("Microsoft.Authorization/roleAssignments"),
            a => DeploymentSnapshot.RoleOf(a) == CommunicationAndEmailServiceOwner);
        Assert.EndsWith("/providers/Microsoft.Communication/communicationServices/" + AcsName(mode), DeploymentSnapshot.ScopeOf(assignment), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(DeploymentSnapshot.PrincipalOf(snapshot.AppIdentityId()), assignment.StringAt("properties.principalId"));
        Assert.Equal("ServicePrincipal", assignment.StringAt("properties.principalType"));
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public void A_system_topic_on_the_resource_sends_delivery_reports_to_the_receipt_queue_with_its_identity(string mode)
    {
        var snapshot = Snapshot(mode);
        var topic = snapshot.Single("Microsoft.EventGrid/systemTopics");
        Assert.Equal("Microsoft.Communication.CommunicationServices", topic.StringAt("properties.topicType"));
        Assert.EndsWith("/communicationServices/" + AcsName(mode), topic.StringAt("properties.source"), StringComparison.OrdinalIgnoreCase);
        Assert.Equal("SystemAssigned", topic.StringAt("identity.type"));

        var subscription = snapshot.Single("Microsoft.EventGrid/systemTopics/eventSubscriptions");
        var types = (subscription.At("properties.filter.includedEventTypes") as JsonArray)!.Select(t => t!.GetValue<string>());
        Assert.Equal(["Microsoft.Communication.SMSDeliveryReportReceived"], types);
        Assert.Equal("SystemAssigned", subscription.StringAt("properties.deliveryWithResourceIdentity.identity.type"));
        Assert.Equal("StorageQueue", subscription.StringAt("properties.deliveryWithResourceIdentity.destination.endpointType"));
        Assert.Equal("sms-receipts", subscription.StringAt("properties.deliveryWithResourceIdentity.destination.properties.queueName"));
        Assert.Equal(snapshot.IdOf("Microsoft.Storage/storageAccounts"),
            subscription.StringAt("properties.deliveryWithResourceIdentity.destination.properties.resourceId"), ignoreCase: true);
        Assert.Null(subscription.At("properties.destination")); // never with keys or a webhook

        // The app reads the same queue, and it exists with its poison queue.
        Assert.Contains(snapshot.AppSettings(), s => s.Key == "SmsOtp__Storage__ReceiptQueue" && s.Value == "sms-receipts");
        var queues = snapshot.OfType("Microsoft.Storage/storageAccounts/queueServices/queues").Select(q => q.StringAt("name").Split('/')[^1]).ToList();
        Assert.Contains("sms-receipts", queues);
        Assert.Contains("sms-receipts-poison", queues);
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public void The_topic_identity_may_only_send_to_the_receipt_queue_and_write_dead_letters(string mode)
    {
        var snapshot = Snapshot(mode);
        var topicPrincipal = $"[reference('{snapshot.IdOf("Microsoft.EventGrid/systemTopics")}', '2025-02-15', 'full').identity.principalId]";
        var assignments = snapshot.OfType("Microsoft.Authorization/roleAssignments")
            .Where(a => a.StringAt("properties.principalId").Contains("Microsoft.EventGrid/systemTopics", StringComparison.OrdinalIgnoreCase))
            .ToList();
        Assert.Equal(2, assignments.Count);
        Assert.All(assignments, a => Assert.Equal(topicPrincipal, a.StringAt("properties.principalId"), ignoreCase: true));

        var sender = Assert.Single(assignments, a => DeploymentSnapshot.RoleOf(a) == StorageQueueDataMessageSender);
        Assert.EndsWith("/queueServices/default/queues/sms-receipts", DeploymentSnapshot.ScopeOf(sender), StringComparison.OrdinalIgnoreCase);
        var deadLetters = Assert.Single(assignments, a => DeploymentSnapshot.RoleOf(a) == StorageBlobDataContributor);
        Assert.EndsWith("/blobServices/default/containers/acs-dead-letters", DeploymentSnapshot.ScopeOf(deadLetters), StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public void Undeliverable_reports_are_dead_lettered_to_a_blob_container_and_alerted(string mode)
    {
        var snapshot = Snapshot(mode);
        var subscription = snapshot.Single("Microsoft.EventGrid/systemTopics/eventSubscriptions");
        Assert.Equal("SystemAssigned", subscription.StringAt("properties.deadLetterWithResourceIdentity.identity.type"));
        Assert.Equal("StorageBlob", subscription.StringAt("properties.deadLetterWithResourceIdentity.deadLetterDestination.endpointType"));
        Assert.Equal("acs-dead-letters", subscription.StringAt("properties.deadLetterWithResourceIdentity.deadLetterDestination.properties.blobContainerName"));
        Assert.Contains(snapshot.OfType("Microsoft.Storage/storageAccounts/blobServices/containers"), c => c.StringAt("name").EndsWith("/acs-dead-letters", StringComparison.Ordinal));

        var topicId = snapshot.IdOf("Microsoft.EventGrid/systemTopics");
        var alerts = snapshot.OfType("Microsoft.Insights/metricAlerts");
        foreach (var metric in new[] { "DeadLetteredCount", "DroppedEventCount" })
        {
            var alert = Assert.Single(alerts, a => a.At("properties.criteria.allOf")![0].StringAt("metricName") == metric);
            Assert.Equal(topicId, (alert.At("properties.scopes") as JsonArray)![0]!.GetValue<string>(), ignoreCase: true);
            Assert.Equal("GreaterThan", alert.At("properties.criteria.allOf")![0].StringAt("operator"));
            Assert.Equal(0, alert.At("properties.criteria.allOf")![0]!["threshold"]!.GetValue<int>());
            Assert.Equal(true, alert.BoolAt("properties.enabled"));
        }
    }

    [Fact]
    public void Without_acs_none_of_it_is_deployed()
    {
        foreach (var snapshot in new[] { infra.ExampleSnapshot, infra.DefaultsSnapshot })
        {
            Assert.Empty(snapshot.OfType("Microsoft.Communication/communicationServices"));
            Assert.Empty(snapshot.OfType("Microsoft.EventGrid/systemTopics"));
        }
    }

    private static string AcsName(string mode) => mode == "existing" ? "acs-contoso-sms" : "acs-smsotp-new";

    private DeploymentSnapshot Snapshot(string mode) => Snapshots.GetOrAdd(mode, m =>
    {
        var file = $"acs-{m}.bicepparam";
        File.WriteAllText(Path.Combine(infra.InfraCopy, file), $"""
            using 'main.bicep'

            param acsMode = '{m}'
            param acsName = '{AcsName(m)}'
            param alertEmail = '{InfraFixture.CustomAlertEmail}'
            param extraAppSettings = {"{"}
              SmsOtp__Providers__0__Preset: 'acs'
              SmsOtp__Providers__0__Endpoint: 'https://{AcsName(m)}.communication.azure.com'
              SmsOtp__Providers__0__From: '+18005550100'
            {"}"}

            """);
        var run = infra.Bicep.Run(infra.InfraCopy, "snapshot", file, "--mode", "overwrite",
            "--subscription-id", InfraFixture.SubscriptionId, "--tenant-id", InfraFixture.TenantId,
            "--resource-group", InfraFixture.ResourceGroup, "--location", InfraFixture.Location);
        var output = Path.Combine(infra.InfraCopy, $"acs-{m}.snapshot.json");
        Assert.True(run.ExitCode == 0 && File.Exists(output), run.Describe());
        return DeploymentSnapshot.Load(output);
    });
}
