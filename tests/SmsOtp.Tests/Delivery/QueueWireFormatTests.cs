using System.Text.Json.Nodes;

namespace SmsOtp.Tests.Delivery;

/// <summary>
/// The queue message is a wire format: a message the earlier version queued (its envelope's ETag a string, its sealed
/// payload with every field written, nulls included, or without the tenant from before tenants) must still be delivered.
/// </summary>
public sealed class QueueWireFormatTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_message_in_the_earlier_versions_format_is_delivered(bool withTenant)
    {
        var alice = new SmsOtp.Core.Users.UserKey("acme", "PRIMARY/alice");
        await using var h = await ServiceHarness.CreateAsync();
        await h.CreateUserAsync(alice);
        await h.Otp.SendAsync(alice, CancellationToken.None);
        var queued = JsonNode.Parse(Assert.Single(await h.ReceiveAsync()).MessageText)!.AsObject();
        Assert.Equal(JsonValueKind.String, queued["etag"]!.GetValueKind()); // the envelope's ETag stays a string on the wire

        var associated = $"{queued["pk"]}|{queued["cv"]}";
        var content = JsonNode.Parse(PayloadCipher.Decrypt(DeliveryKit.HarnessQueueKey, queued["ct"]!.GetValue<string>(), associated)!)!;
        // Exactly what the earlier DeliveryPayload wrote: every property, nulls included.
        var earlier = new JsonObject
        {
            ["n"] = content["n"]!.GetValue<string>(),
            ["to"] = content["to"]!.GetValue<string>(),
            ["code"] = content["code"]!.GetValue<string>(),
            ["l"] = null,
            ["tx"] = null,
            ["ah"] = null,
            ["ra"] = null,
        };
        if (withTenant)
        {
            earlier["t"] = "acme";
        }

        queued["ct"] = PayloadCipher.Encrypt(DeliveryKit.HarnessQueueKey, earlier.ToJsonString(), associated);
        await h.Delivery.HandleAsync(queued.ToJsonString(), 1, CancellationToken.None);

        var sms = Assert.Single(h.Sender.Sent);
        Assert.Equal(content["to"]!.GetValue<string>(), sms.To);
        Assert.Equal(content["code"]!.GetValue<string>(), sms.Code);
        Assert.Equal(withTenant ? "acme" : "default", sms.Content.Tenant);
    }
}
