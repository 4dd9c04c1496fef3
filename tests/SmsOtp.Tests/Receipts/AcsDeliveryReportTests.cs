using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using SmsOtp.Core.Receipts.EventGrid;
using SmsOtp.Tests.Providers.Acs;
using Xunit.Abstractions;

namespace SmsOtp.Tests.Receipts;

/// <summary>
/// ACS delivery reports end to end (spec §14) on the local server and Azurite: the SMS goes out through the <c>acs</c>
/// preset (a fake ACS endpoint checking the HMAC signature), and an Event Grid <c>SMSDeliveryReportReceived</c> event
/// built from what ACS received (its tag, its message id) is put in the receipt queue as Event Grid would, in each of the
/// four encodings and both property casings; <c>Failed</c> reroutes once; mutated events change nothing and never stick
/// in the queue.
/// </summary>
public sealed partial class AcsDeliveryReportTests(ITestOutputHelper output)
{
    private const string Mobile = "+94778888888";

    public static TheoryData<string> Encodings => new() { "json-object", "json-array", "base64-object", "base64-array", "pascal-object", "pascal-base64-array" };

    [Theory]
    [MemberData(nameof(Encodings))]
    public async Task A_delivered_report_in_the_receipt_queue_moves_the_status_to_delivered(string encoding)
    {
        await using var f = await Fixture.StartAsync();
        var sent = await f.SendAsync("alice");
        var (tag, messageId) = await f.WaitForAcceptanceAsync(sent);
        Assert.Equal("sent", (await f.StatusAsync(sent)).GetProperty("deliveryStatus").GetString());

        await f.EnqueueAsync(Encode(Event(tag, messageId, "Delivered", pascal: encoding.StartsWith("pascal", StringComparison.Ordinal)), encoding));

        var status = await f.WaitForStatusAsync(sent, "delivered");
        Assert.Equal("acs", status.GetProperty("provider").GetString());
        await f.WaitForDrainedAsync();
        Assert.Empty(f.Second.LogEntries);
    }

    [Fact]
    public async Task A_failed_report_reroutes_through_the_next_provider_exactly_once()
    {
        await using var f = await Fixture.StartAsync();
        var sent = await f.SendAsync("bob");
        var (tag, messageId) = await f.WaitForAcceptanceAsync(sent);
        var failed = Event(tag, messageId, "Failed", pascal: false, details: "Sender blocked for given recipient.");

        await f.EnqueueAsync(failed.ToJsonString());
        var status = await f.WaitForStatusAsync(sent, "rerouted");
        var code = await f.WaitForSecondProviderCodeAsync();

        // Once per challenge: the same report again, twice, sends nothing more.
        await f.EnqueueAsync(failed.ToJsonString());
        await f.EnqueueAsync(Convert.ToBase64String(Encoding.UTF8.GetBytes(new JsonArray(failed.DeepClone()).ToJsonString())));
        await f.WaitForDrainedAsync();
        await Task.Delay(500);
        Assert.Single(f.Second.LogEntries);
        Assert.Single(f.Acs.Sent);
        Assert.Equal("rerouted", (await f.StatusAsync(sent)).GetProperty("deliveryStatus").GetString());
        Assert.Equal(4, status.GetProperty("resendsRemaining").GetInt32());

        var verified = await f.Server.JsonAsync(await f.Server.PostAsync("api/otp/verify", new { challengeId = sent.GetProperty("challengeId").GetString(), code }));
        Assert.Equal("verified", verified.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Mutated_events_change_nothing_and_leave_the_queue_drained()
    {
        await using var f = await Fixture.StartAsync();
        var sent = await f.SendAsync("fuzz");
        var (tag, messageId) = await f.WaitForAcceptanceAsync(sent);
        var genuine = Event(tag, messageId, "Delivered", pascal: false).ToJsonString();
        var original = Assert.Single(AcsDeliveryReportParser.Parse(genuine)!);
        var before = await StorageSnapshot.TakeAsync(f.Server);

        var random = new Random(20261207);
        var used = 0;
        var kinds = new Dictionary<string, int>();
        while (used < 200)
        {
            var (mutant, kind) = Mutate(random, genuine);

            // A mutation that leaves the report what it was (whitespace, a property's case, a field no check reads) is
            // still genuine: it would rightly apply, so it is not one of the 200.
            if (AcsDeliveryReportParser.Parse(DecodeForCheck(mutant)) is { } reports
                && reports.Any(r => r.Tag == original.Tag && r.MessageId == original.MessageId
                                    && string.Equals(r.DeliveryStatus, original.DeliveryStatus, StringComparison.OrdinalIgnoreCase)))
            {
                continue;
            }

            used++;
            kinds[kind] = kinds.GetValueOrDefault(kind) + 1;
            await f.EnqueueAsync(mutant);
        }

        await f.WaitForDrainedAsync(TimeSpan.FromSeconds(90));
        await Task.Delay(300);
        var after = await StorageSnapshot.TakeAsync(f.Server);
        output.WriteLine(string.Join(", ", kinds.OrderBy(k => k.Key).Select(k => $"{k.Key} {k.Value}")));
        Assert.Equal(before, after);
        Assert.Equal("sent", (await f.StatusAsync(sent)).GetProperty("deliveryStatus").GetString());
        Assert.Empty(f.Second.LogEntries);
        Assert.Equal(0, await f.PoisonCountAsync());

        // And the genuine report still applies afterwards: the fuzz did not break the listener.
        await f.EnqueueAsync(genuine);
        await f.WaitForStatusAsync(sent, "delivered");
    }

    /// <summary>An Event Grid event as ACS documents it; <paramref name="pascal"/> gives every property name in Pascal case.</summary>
    internal static JsonObject Event(string tag, string messageId, string status, bool pascal, string details = "No error.", string to = Mobile)
    {
        var data = new JsonObject
        {
            ["messageId"] = messageId,
            ["from"] = "+18005550100",
            ["to"] = to,
            ["deliveryStatus"] = status,
            ["deliveryStatusDetails"] = details,
            ["receivedTimestamp"] = "2026-12-07T06:00:05.000Z",
            ["deliveryAttempts"] = new JsonArray(new JsonObject { ["timestamp"] = "2026-12-07T06:00:04.000Z", ["segmentsSucceeded"] = 1, ["segmentsFailed"] = 0 }),
            ["tag"] = tag,
        };
        var e = new JsonObject
        {
            ["id"] = Guid.NewGuid().ToString(),
            ["topic"] = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Communication/communicationServices/contoso",
            ["subject"] = "/phonenumber/18005550100",
            ["data"] = data,
            ["eventType"] = AcsDeliveryReportParser.EventType,
            ["dataVersion"] = "1.0",
            ["metadataVersion"] = "1",
            ["eventTime"] = "2026-12-07T06:00:05Z",
        };
        return pascal ? Pascal(e) : e;
    }

    private static JsonObject Pascal(JsonObject o)
    {
        var result = new JsonObject();
        foreach (var (name, value) in o)
        {
            result[char.ToUpperInvariant(name[0]) + name[1..]] = value is JsonObject child ? Pascal(child) : value?.DeepClone();
        }

        return result;
    }

    internal static string Encode(JsonObject e, string encoding)
    {
        var json = encoding.EndsWith("array", StringComparison.Ordinal) ? new JsonArray(e).ToJsonString() : e.ToJsonString();
        return encoding.Contains("base64", StringComparison.Ordinal) ? Convert.ToBase64String(Encoding.UTF8.GetBytes(json)) : json;
    }

    private static string DecodeForCheck(string message) => message;

    private static (string Message, string Kind) Mutate(Random random, string genuine)
    {
        var text = genuine;
        var kind = random.Next(7);
        string name;
        switch (kind)
        {
            case 0:
                var i = random.Next(text.Length);
                text = text[..i] + (char)random.Next(32, 127) + text[(i + 1)..];
                name = "flip";
                break;
            case 1:
                var d = random.Next(text.Length);
                text = text.Remove(d, 1);
                name = "delete";
                break;
            case 2:
                var at = random.Next(text.Length);
                text = text.Insert(at, ((char)random.Next(32, 127)).ToString());
                name = "insert";
                break;
            case 3:
                text = text[..random.Next(text.Length)];
                name = "truncate";
                break;
            case 4:
                // The tag or the message id changed by one character: a forged or foreign reference.
                var field = random.Next(2) == 0 ? "\"tag\":\"" : "\"messageId\":\"";
                var start = text.IndexOf(field, StringComparison.Ordinal) + field.Length + random.Next(5);
                var c = text[start];
                text = text[..start] + (c == 'A' ? 'B' : 'A') + text[(start + 1)..];
                name = "reference";
                break;
            case 5:
                var bytes = new byte[random.Next(1, 200)];
                random.NextBytes(bytes);
                // Printable text or Base64 of any bytes (a queue message holds only characters valid in XML).
                text = random.Next(2) == 0 ? new string([.. bytes.Select(b => (char)(32 + (b % 95)))]) : Convert.ToBase64String(bytes);
                name = "random";
                break;
            default:
                text = text.Replace("\"Delivered\"", random.Next(2) == 0 ? "\"Sent\"" : "\"\"", StringComparison.Ordinal);
                name = "status";
                break;
        }

        return random.Next(3) == 0 && kind != 5 ? (Convert.ToBase64String(Encoding.UTF8.GetBytes(text)), name + "/base64") : (text, name);
    }

    internal sealed partial class Fixture : IAsyncDisposable
    {
        private Fixture(AcsEndpoint acs, WireMockServer second, LocalServerHost server, QueueClient receipts, QueueClient poison)
        {
            Acs = acs;
            Second = second;
            Server = server;
            Receipts = receipts;
            Poison = poison;
        }

        public AcsEndpoint Acs { get; }
        public WireMockServer Second { get; }
        public LocalServerHost Server { get; }
        public QueueClient Receipts { get; }
        public QueueClient Poison { get; }

        public static async Task<Fixture> StartAsync()
        {
            var acs = AcsEndpoint.Start();
            var second = WireMockServer.Start();
            second.Given(Request.Create().WithPath("/sms").UsingPost()).RespondWith(Response.Create().WithStatusCode(202));
            var queue = "receipts-" + Guid.NewGuid().ToString("N")[..16];
            var server = await LocalServerHost.StartAsync(new Dictionary<string, string?>
            {
                ["SmsOtp:Storage:ReceiptQueue"] = queue,
                ["SmsOtp:Delivery:RetryCount"] = "0",
                ["SmsOtp:Providers:0:Preset"] = "acs",
                ["SmsOtp:Providers:0:Endpoint"] = acs.Url,
                ["SmsOtp:Providers:0:From"] = "+18005550100",
                ["SmsOtp:Providers:0:ConnectionStringSecret"] = "acs-connection",
                ["SmsOtp:Secrets:acs-connection"] = AcsEndpoint.ConnectionString,
                ["SmsOtp:Providers:1:Name"] = "backup",
                ["SmsOtp:Providers:1:Url"] = second.Url + "/sms",
                ["SmsOtp:Providers:1:Headers"] = "Content-Type: application/json",
                ["SmsOtp:Providers:1:Payload"] = "{\"to\":\"$ctx.num\",\"text\":\"$ctx.msg\"}",
            });

            // Event Grid's side: a client that writes the message as given (no SDK encoding).
            var connection = await SharedAzurite.ConnectionStringAsync();
            var options = new QueueClientOptions { MessageEncoding = QueueMessageEncoding.None };
            var receipts = new QueueClient(connection, queue, options);
            await receipts.CreateIfNotExistsAsync();
            return new Fixture(acs, second, server, receipts, new QueueClient(connection, queue + "-poison", options));
        }

        public async Task<JsonElement> SendAsync(string userId)
        {
            Assert.Equal(HttpStatusCode.OK, (await Server.Client.PutAsJsonAsync($"api/users?userId={userId}", new { mobile = Mobile })).StatusCode);
            var response = await Server.PostAsync("api/otp/send", new { userId });
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return await Server.JsonAsync(response);
        }

        public async Task<JsonElement> StatusAsync(JsonElement sent) =>
            await Server.JsonAsync(await Server.Client.GetAsync("api/otp/status?challengeId=" + sent.GetProperty("challengeId").GetString()));

        /// <summary>Waits until ACS took the SMS and the service kept its message id: the tag and id a report will carry.</summary>
        public async Task<(string Tag, string MessageId)> WaitForAcceptanceAsync(JsonElement sent)
        {
            var deadline = DateTime.UtcNow.AddSeconds(20);
            while (DateTime.UtcNow < deadline)
            {
                if (Acs.Sent.TryPeek(out var body) && (await StatusAsync(sent)).TryGetProperty("provider", out _))
                {
                    return (body.GetProperty("smsSendOptions").GetProperty("tag").GetString()!, "Outgoing_1");
                }

                await Task.Delay(50);
            }

            throw new TimeoutException("ACS's acceptance was not recorded.");
        }

        public Task EnqueueAsync(string message) => Receipts.SendMessageAsync(message);

        public async Task<JsonElement> WaitForStatusAsync(JsonElement sent, string deliveryStatus)
        {
            var deadline = DateTime.UtcNow.AddSeconds(20);
            JsonElement status = default;
            while (DateTime.UtcNow < deadline)
            {
                status = await StatusAsync(sent);
                if (status.GetProperty("deliveryStatus").GetString() == deliveryStatus)
                {
                    return status;
                }

                await Task.Delay(50);
            }

            throw new TimeoutException($"The status stayed {status}.");
        }

        public async Task WaitForDrainedAsync(TimeSpan? timeout = null)
        {
            var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
            while (DateTime.UtcNow < deadline)
            {
                if ((await Receipts.GetPropertiesAsync()).Value.ApproximateMessagesCount == 0)
                {
                    return;
                }

                await Task.Delay(100);
            }

            throw new TimeoutException("The receipt queue was not drained.");
        }

        public async Task<int> PoisonCountAsync() =>
            await Poison.ExistsAsync() ? (await Poison.GetPropertiesAsync()).Value.ApproximateMessagesCount : 0;

        public async Task<string> WaitForSecondProviderCodeAsync()
        {
            var deadline = DateTime.UtcNow.AddSeconds(20);
            while (!Second.LogEntries.Any() && DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }

            var text = JsonDocument.Parse(Second.LogEntries.Single().RequestMessage.Body!).RootElement.GetProperty("text").GetString()!;
            return CodePattern().Match(text).Value;
        }

        public async ValueTask DisposeAsync()
        {
            await Server.DisposeAsync();
            await Receipts.DeleteIfExistsAsync();
            await Poison.DeleteIfExistsAsync();
            Acs.Dispose();
            Second.Dispose();
        }

        [GeneratedRegex("[0-9]{6}")]
        private static partial Regex CodePattern();
    }
}
