using System.Net.Http.Json;
using SmsOtp.Tests.Providers.Acs;
using SmsOtp.Tests.Receipts;

namespace SmsOtp.Tests.Hosts;

/// <summary>
/// This wave's features on both hosts: a remembered device and a test number (spec §15) on the shared service, and
/// Azure Communication Services with its Event Grid delivery reports (spec §14) on a service of its own, because the
/// reports reach the Functions app through a second queue trigger (<c>AcsDeliveryReport</c>) that no other journey runs.
/// </summary>
public sealed partial class HostJourneyTests
{
    [Theory]
    [MemberData(nameof(Hosts))]
    public async Task A_remembered_device_skips_the_next_send_without_an_sms(HostKind kind)
    {
        var s = await StartedAsync(kind);
        var user = User("device");
        var mobile = await PutUserAsync(s, user);
        var sent = await SendAsync(s, new { tenant = "acme", userId = user });
        var code = await CodeSentToAsync(s, mobile, 1);
        var verified = await JsonAsync(await s.Client.PostAsJsonAsync("api/otp/verify", new { challengeId = Id(sent), code, rememberDevice = true }));
        Assert.Equal("verified", verified.GetProperty("status").GetString());
        var token = verified.GetProperty("deviceToken").GetString()!;

        var skipped = await SendAsync(s, new { tenant = "acme", userId = user, deviceToken = token });
        Assert.Equal("skipped", skipped.GetProperty("status").GetString());
        Assert.Equal("trusted_device", skipped.GetProperty("reason").GetString());
        var foreign = await SendAsync(s, new { tenant = "acme", userId = User("device"), deviceToken = token });
        Assert.NotEqual("trusted_device", foreign.TryGetProperty("reason", out var reason) ? reason.GetString() : null);
        await Task.Delay(1000); // a queued message would have reached the provider by now
        Assert.Single(s.Provider.LogEntries, e => e.RequestMessage.Body?.Contains(mobile[1..], StringComparison.Ordinal) == true);
        AssertContractHeld(s);
    }

    [Theory]
    [MemberData(nameof(Hosts))]
    public async Task A_test_number_verifies_with_its_fixed_code_and_no_sms(HostKind kind)
    {
        var s = await StartedAsync(kind);
        var user = User("testnumber");
        Assert.Equal(System.Net.HttpStatusCode.OK,
            (await s.Client.PutAsJsonAsync($"api/users?tenant=acme&userId={user}", new { mobile = ServiceUnderTest.TestNumber })).StatusCode);
        var sent = await SendAsync(s, new { tenant = "acme", userId = user });
        Assert.Equal("sent", sent.GetProperty("status").GetString());

        var verified = await JsonAsync(await s.Client.PostAsJsonAsync("api/otp/verify", new { challengeId = Id(sent), code = ServiceUnderTest.TestNumberCode }));
        Assert.Equal("verified", verified.GetProperty("status").GetString());
        await Task.Delay(1000);
        Assert.DoesNotContain(s.Provider.LogEntries, e => e.RequestMessage.Body?.Contains(ServiceUnderTest.TestNumber[1..], StringComparison.Ordinal) == true);
        AssertContractHeld(s);
    }

    /// <summary>
    /// Event Grid writes each event to the storage queue as Base64 of its JSON (what the Functions host's queue trigger
    /// decodes, <c>messageEncoding: base64</c> in host.json); one Base64 message may also hold an array of events. Plain
    /// JSON text is a host difference (<see cref="HostDifferences.ReadsPlainTextQueueMessages"/>).
    /// </summary>
    [Theory]
    [MemberData(nameof(Hosts))]
    public async Task An_acs_sms_and_its_event_grid_delivery_report_mark_the_code_delivered(HostKind kind)
    {
        using var acs = AcsEndpoint.Start();
        var receiptQueue = "receipts-" + Guid.NewGuid().ToString("N")[..16];
        await using var s = await ServiceUnderTest.StartAsync(kind, new Dictionary<string, string?>
        {
            ["SmsOtp:Storage:ReceiptQueue"] = receiptQueue,
            ["SmsOtp:Providers:0:Preset"] = "acs",
            ["SmsOtp:Providers:0:Endpoint"] = acs.Url,
            ["SmsOtp:Providers:0:From"] = "+18005550100",
            ["SmsOtp:Providers:0:ConnectionStringSecret"] = "acs-connection",
            ["SmsOtp:Secrets:acs-connection"] = AcsEndpoint.ConnectionString,
        });
        output.WriteLine("Host: " + s.Description);
        var receipts = new QueueClient(await SharedAzurite.ConnectionStringAsync(), receiptQueue, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.None });
        await receipts.CreateIfNotExistsAsync();

        foreach (var (encoding, nth) in new[] { ("base64-object", 1), ("base64-array", 2) })
        {
            var user = User("acs");
            var mobile = await PutUserAsync(s, user);
            var sent = await SendAsync(s, new { tenant = "acme", userId = user });
            JsonElement request = default;
            await WaitAsync(() => Task.FromResult(acs.Sent.Any(b => (request = b).GetProperty("smsRecipients")[0].GetProperty("to").GetString() == mobile)));
            await WaitAsync(async () => (await StatusAsync(s, sent)).TryGetProperty("provider", out _));
            Assert.Equal("sent", (await StatusAsync(s, sent)).GetProperty("deliveryStatus").GetString());

            var tag = request.GetProperty("smsSendOptions").GetProperty("tag").GetString()!;
            var report = AcsDeliveryReportTests.Event(tag, "Outgoing_" + nth, "Delivered", pascal: false, to: mobile);
            await receipts.SendMessageAsync(AcsDeliveryReportTests.Encode(report, encoding));

            await WaitAsync(async () => (await StatusAsync(s, sent)).GetProperty("deliveryStatus").GetString() == "delivered");
            Assert.Equal("acs", (await StatusAsync(s, sent)).GetProperty("provider").GetString());
        }

        // A report as plain JSON text (not what Event Grid writes): read by the local server, poisoned undecoded by the host.
        var plainUser = User("acs");
        var plainMobile = await PutUserAsync(s, plainUser);
        var plain = await SendAsync(s, new { tenant = "acme", userId = plainUser });
        await WaitAsync(() => Task.FromResult(acs.Sent.Count >= 3));
        await WaitAsync(async () => (await StatusAsync(s, plain)).TryGetProperty("provider", out _));
        var plainTag = acs.Sent.Single(b => b.GetProperty("smsRecipients")[0].GetProperty("to").GetString() == plainMobile)
            .GetProperty("smsSendOptions").GetProperty("tag").GetString()!;
        await receipts.SendMessageAsync(AcsDeliveryReportTests.Event(plainTag, "Outgoing_3", "Delivered", pascal: false, to: plainMobile).ToJsonString());
        if (HostDifferences.ReadsPlainTextQueueMessages(kind))
        {
            await WaitAsync(async () => (await StatusAsync(s, plain)).GetProperty("deliveryStatus").GetString() == "delivered");
        }
        else
        {
            var poison = new QueueClient(await SharedAzurite.ConnectionStringAsync(), receiptQueue + "-poison", new QueueClientOptions { MessageEncoding = QueueMessageEncoding.None });
            await WaitAsync(async () => await poison.ExistsAsync() && (await poison.PeekMessagesAsync(1)).Value.Length == 1);
            Assert.Equal("sent", (await StatusAsync(s, plain)).GetProperty("deliveryStatus").GetString());
        }

        await WaitAsync(async () => (await receipts.GetPropertiesAsync()).Value.ApproximateMessagesCount == 0);
        AssertContractHeld(s);
    }
}
