using System.Net.Http.Json;
using System.Text.RegularExpressions;
using SmsOtp.Tests.Receipts;
using WireMock.Logging;
using Xunit.Abstractions;

namespace SmsOtp.Tests.Hosts;

/// <summary>
/// The end-to-end journeys of spec §13, written once and run against both hosts: the local server always, the
/// Functions app in the Azure Functions host where one is available (<see cref="HostJourneyFixture"/>). Codes come
/// from the provider (WireMock), on both hosts; every answer is held to the OpenAPI document by the clients.
/// Legitimate differences live in <see cref="HostDifferences"/>.
/// </summary>
public sealed partial class HostJourneyTests(HostJourneyFixture fixture, ITestOutputHelper output) : IClassFixture<HostJourneyFixture>
{
    public static TheoryData<HostKind> Hosts => HostJourneyFixture.Hosts;

    [Fact]
    public void Which_hosts_run_the_journeys_is_recorded()
    {
        output.WriteLine(HostJourneyFixture.FunctionsHostUnavailable is { } why
            ? "Functions host journeys not generated: " + why + " Only the local server's journeys run."
            : "Functions host journeys run beside the local server's.");
        Assert.Contains(((IEnumerable<object[]>)Hosts).Select(row => (HostKind)row[0]), k => k == HostKind.LocalServer);
    }

    [Theory]
    [MemberData(nameof(Hosts))]
    public async Task Function_keys_guard_the_api_and_health_and_the_contract_are_anonymous(HostKind kind)
    {
        var s = await StartedAsync(kind);
        var withoutKey = await s.Anonymous.GetAsync("api/users?tenant=acme&userId=nobody");
        Assert.Equal(HostDifferences.WithoutKey(s), withoutKey.StatusCode);
        if (s.EnforcesKeys)
        {
            Assert.Equal(HostDifferences.UnauthorizedMediaType(kind), withoutKey.Content.Headers.ContentType?.MediaType);
            using var wrong = new HttpRequestMessage(HttpMethod.Post, "api/otp/send") { Content = JsonContent.Create(new { userId = "nobody" }) };
            wrong.Headers.Add("x-functions-key", "not-the-key");
            Assert.Equal(HttpStatusCode.Unauthorized, (await s.Anonymous.SendAsync(wrong)).StatusCode);
        }

        Assert.Equal(HttpStatusCode.NotFound, (await s.Client.GetAsync("api/users?tenant=acme&userId=nobody")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await s.Anonymous.GetAsync("api/users?tenant=acme&userId=nobody&code=" + s.Key)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await s.Anonymous.GetAsync("api/health")).StatusCode);
        var contract = await s.Anonymous.GetAsync("api/openapi.json");
        Assert.Equal(HttpStatusCode.OK, contract.StatusCode);
        Assert.Equal("3", (await JsonAsync(contract)).GetProperty("openapi").GetString()![..1]);
        AssertContractHeld(s);
    }

    [Theory]
    [MemberData(nameof(Hosts))]
    public async Task Send_goes_through_the_queue_trigger_to_the_provider_and_verifies(HostKind kind)
    {
        var s = await StartedAsync(kind);
        var user = User("login");
        var mobile = await PutUserAsync(s, user);
        var sent = await SendAsync(s, new { tenant = "acme", userId = user });
        Assert.Equal("sent", sent.GetProperty("status").GetString());
        var code = await CodeSentToAsync(s, mobile, 1);

        var wrong = await JsonAsync(await s.Client.PostAsJsonAsync("api/otp/verify", new { challengeId = Id(sent), code = code == "000000" ? "111111" : "000000" }));
        Assert.Equal("invalid_code", wrong.GetProperty("status").GetString());
        var verified = await JsonAsync(await s.Client.PostAsJsonAsync("api/otp/verify", new { challengeId = Id(sent), code }));
        Assert.Equal("verified", verified.GetProperty("status").GetString());
        Assert.Equal("twilio", (await StatusAsync(s, sent)).GetProperty("provider").GetString());
        AssertContractHeld(s);
    }

    [Theory]
    [MemberData(nameof(Hosts))]
    public async Task Resend_sends_a_fresh_code_and_only_it_verifies(HostKind kind)
    {
        var s = await StartedAsync(kind);
        var user = User("resend");
        var mobile = await PutUserAsync(s, user);
        var sent = await SendAsync(s, new { tenant = "acme", userId = user });
        var first = await CodeSentToAsync(s, mobile, 1);
        var resent = await s.Client.PostAsJsonAsync("api/otp/resend", new { challengeId = Id(sent) });
        Assert.Equal(HttpStatusCode.OK, resent.StatusCode);
        var second = await CodeSentToAsync(s, mobile, 2);

        if (first != second)
        {
            var stale = await JsonAsync(await s.Client.PostAsJsonAsync("api/otp/verify", new { challengeId = Id(sent), code = first }));
            Assert.NotEqual("verified", stale.GetProperty("status").GetString());
        }

        var verified = await JsonAsync(await s.Client.PostAsJsonAsync("api/otp/verify", new { challengeId = Id(sent), code = second }));
        Assert.Equal("verified", verified.GetProperty("status").GetString());
        AssertContractHeld(s);
    }

    [Theory]
    [MemberData(nameof(Hosts))]
    public async Task A_user_without_a_number_gives_one_and_receives_the_code(HostKind kind)
    {
        var s = await StartedAsync(kind);
        var user = User("capture");
        var sent = await SendAsync(s, new { tenant = "acme", userId = user });
        Assert.Equal("mobile_required", sent.GetProperty("status").GetString());
        var mobile = Mobile();
        var captured = await s.Client.PostAsJsonAsync("api/otp/mobile", new { challengeId = Id(sent), mobile });
        Assert.Equal(HttpStatusCode.OK, captured.StatusCode);
        var code = await CodeSentToAsync(s, mobile, 1);
        var verified = await JsonAsync(await s.Client.PostAsJsonAsync("api/otp/verify", new { challengeId = Id(sent), code }));
        Assert.Equal("verified", verified.GetProperty("status").GetString());
        AssertContractHeld(s);
    }

    [Theory]
    [MemberData(nameof(Hosts))]
    public async Task A_backup_code_verifies_once(HostKind kind)
    {
        var s = await StartedAsync(kind);
        var user = User("backup");
        await PutUserAsync(s, user);
        var imported = await s.Client.PutAsJsonAsync($"api/users/backup-codes?tenant=acme&userId={user}", new { codes = "12345678,87654321" });
        Assert.Equal(HttpStatusCode.OK, imported.StatusCode);
        var sent = await SendAsync(s, new { tenant = "acme", userId = user });
        var verified = await JsonAsync(await s.Client.PostAsJsonAsync("api/otp/verify", new { challengeId = Id(sent), code = "12345678" }));
        Assert.Equal("verified", verified.GetProperty("status").GetString());
        Assert.Equal("backup_code", verified.GetProperty("method").GetString());

        var again = await SendAsync(s, new { tenant = "acme", userId = user });
        var spent = await JsonAsync(await s.Client.PostAsJsonAsync("api/otp/verify", new { challengeId = Id(again), code = "12345678" }));
        Assert.NotEqual("verified", spent.GetProperty("status").GetString());
        AssertContractHeld(s);
    }

    [Theory]
    [MemberData(nameof(Hosts))]
    public async Task The_hosted_pages_round_trip_ends_in_a_redeemed_result(HostKind kind)
    {
        var s = await StartedAsync(kind);
        var user = User("pages");
        var mobile = await PutUserAsync(s, user);
        var sent = await SendAsync(s, new { tenant = "acme", userId = user, returnUrl = ServiceUnderTest.ReturnUrl });
        var pageUrl = sent.GetProperty("pageUrl").GetString()!;
        Assert.StartsWith(s.BaseAddress + "api/pages/otp?flow=", pageUrl, StringComparison.Ordinal);

        var page = await s.Anonymous.GetAsync(pageUrl);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        var html = await page.Content.ReadAsStringAsync();
        var code = await CodeSentToAsync(s, mobile, 1);
        var post = await s.Anonymous.PostAsync("api/pages/otp/verify", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["flow"] = Hidden(html, "flow"),
            ["csrf"] = Hidden(html, "csrf"),
            ["code"] = code,
        }));
        Assert.Equal(HttpStatusCode.SeeOther, post.StatusCode);
        var location = post.Headers.Location!.ToString();
        Assert.StartsWith(ServiceUnderTest.ReturnUrl + "?result=", location, StringComparison.Ordinal);
        var result = Uri.UnescapeDataString(location[(ServiceUnderTest.ReturnUrl + "?result=").Length..]);

        var redeemed = await JsonAsync(await s.Client.PostAsJsonAsync("api/otp/result", new { result }));
        Assert.Equal("verified", redeemed.GetProperty("status").GetString());
        Assert.Equal(user, redeemed.GetProperty("userId").GetString());
        Assert.Equal(HttpStatusCode.OK, (await s.Anonymous.GetAsync("api/pages/pages.css")).StatusCode);
        AssertContractHeld(s);
    }

    [Theory]
    [MemberData(nameof(Hosts))]
    public async Task A_signed_delivery_receipt_marks_the_code_delivered_and_a_forged_one_does_not(HostKind kind)
    {
        var s = await StartedAsync(kind);
        var user = User("receipt");
        var mobile = await PutUserAsync(s, user);
        var sent = await SendAsync(s, new { tenant = "acme", userId = user });
        var request = await ProviderRequestAsync(s, mobile, 1);
        await WaitAsync(async () => (await StatusAsync(s, sent)).TryGetProperty("provider", out _));
        var callback = Form(request.RequestMessage.Body!)["StatusCallback"];
        var delivery = new ReceiptFlowTests.Delivery("twilio", callback, ServiceUnderTest.MessageSid, null);

        var forged = await s.Anonymous.SendAsync(ReceiptFlowTests.Receipts.Build(delivery, "delivered", forge: true));
        Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
        Assert.Equal("sent", (await StatusAsync(s, sent)).GetProperty("deliveryStatus").GetString());
        var genuine = await s.Anonymous.SendAsync(ReceiptFlowTests.Receipts.Build(delivery, "delivered", forge: false));
        Assert.Equal(HttpStatusCode.NoContent, genuine.StatusCode);
        Assert.Equal("delivered", (await StatusAsync(s, sent)).GetProperty("deliveryStatus").GetString());
        AssertContractHeld(s);
    }

    [Theory]
    [MemberData(nameof(Hosts))]
    public async Task A_refused_message_is_poisoned_after_maxDequeueCount_and_the_status_says_failed(HostKind kind)
    {
        var s = await StartedAsync(kind);
        var user = User("poison");
        Assert.Equal(HttpStatusCode.OK, (await s.Client.PutAsJsonAsync($"api/users?tenant=acme&userId={user}", new { mobile = ServiceUnderTest.PoisonMobile })).StatusCode);
        var sent = await SendAsync(s, new { tenant = "acme", userId = user });

        var poison = new QueueClient(await SharedAzurite.ConnectionStringAsync(), s.Queue + "-poison", new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        await WaitAsync(async () => await poison.ExistsAsync() && (await poison.PeekMessagesAsync(32)).Value.Length > 0, TimeSpan.FromSeconds(120));
        // host.json's maxDequeueCount (5): one provider request per dequeue (a refusal is not retried).
        Assert.Equal(5, s.Provider.LogEntries.Count(e => e.RequestMessage.Body?.Contains(ServiceUnderTest.PoisonMobile[1..], StringComparison.Ordinal) == true));

        await WaitAsync(async () => (await StatusAsync(s, sent)).GetProperty("deliveryStatus").GetString() == "failed");
        var verify = await JsonAsync(await s.Client.PostAsJsonAsync("api/otp/verify", new { challengeId = Id(sent), code = "000000" }));
        Assert.Equal("delivery_failed", verify.GetProperty("status").GetString());
        AssertContractHeld(s);
    }

    [Theory]
    [MemberData(nameof(Hosts))]
    public async Task A_login_logs_no_more_than_on_the_local_server_plus_the_hosts_invocation_records(HostKind kind)
    {
        var s = await StartedAsync(kind);
        var perLogin = await LogEntriesPerLoginAsync(s);
        output.WriteLine($"{s.Description}: {perLogin} log entries per login (send, delivery, verify) at Information and above.");
        Assert.True(perLogin > 0);
        if (kind == HostKind.LocalServer)
        {
            return;
        }

        // The worker's Azure SDK request lines once reached the host at Information (about 16 entries, 200 lines per login).
        var local = await LogEntriesPerLoginAsync(await fixture.GetAsync(HostKind.LocalServer));
        output.WriteLine($"the local server: {local} per login; allowed here: {local + HostDifferences.HostLinesPerLogin(kind)}.");
        Assert.True(perLogin <= local + HostDifferences.HostLinesPerLogin(kind),
            $"{perLogin} log entries per login in the host against {local} on the local server:\n{s.LogTail()}");
    }

    /// <summary>The fewest entries any of three logins added (a line of something else in the same second only adds).</summary>
    private static async Task<int> LogEntriesPerLoginAsync(ServiceUnderTest s)
    {
        var counts = new List<int>();
        for (var i = 0; i < 3; i++)
        {
            var user = User("lines");
            var mobile = await PutUserAsync(s, user);
            await Task.Delay(1000);
            var before = s.LogEntries;
            var sent = await SendAsync(s, new { tenant = "acme", userId = user });
            var code = await CodeSentToAsync(s, mobile, 1);
            var verified = await JsonAsync(await s.Client.PostAsJsonAsync("api/otp/verify", new { challengeId = Id(sent), code }));
            Assert.Equal("verified", verified.GetProperty("status").GetString());
            await Task.Delay(1500); // the host writes its invocation records after the answer
            counts.Add(s.LogEntries - before);
        }

        return counts.Min();
    }

    private async Task<ServiceUnderTest> StartedAsync(HostKind kind)
    {
        var s = await fixture.GetAsync(kind);
        output.WriteLine("Host: " + s.Description);
        return s;
    }

    /// <summary>Every answer either client received so far matched the OpenAPI document (the handler also fails the call that broke it).</summary>
    private static void AssertContractHeld(ServiceUnderTest s)
    {
        Assert.Empty(s.KeyedHandler.Violations);
        Assert.Empty(s.AnonymousHandler.Violations);
        Assert.True(s.KeyedHandler.Validated > 0);
    }

    private static string User(string journey) => journey + "-" + Guid.NewGuid().ToString("N")[..8];

    /// <summary>A distinct valid Sri Lankan mobile number per journey, so no limit of one journey touches another.</summary>
    private static string Mobile() => "+9477" + Random.Shared.Next(1000000, 9999999).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static async Task<string> PutUserAsync(ServiceUnderTest s, string user)
    {
        var mobile = Mobile();
        Assert.Equal(HttpStatusCode.OK, (await s.Client.PutAsJsonAsync($"api/users?tenant=acme&userId={user}", new { mobile })).StatusCode);
        return mobile;
    }

    private static async Task<JsonElement> SendAsync(ServiceUnderTest s, object body)
    {
        var response = await s.Client.PostAsJsonAsync("api/otp/send", body);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await JsonAsync(response);
    }

    private static async Task<JsonElement> StatusAsync(ServiceUnderTest s, JsonElement sent) =>
        await JsonAsync(await s.Client.GetAsync("api/otp/status?challengeId=" + Id(sent)));

    private static string Id(JsonElement sent) => sent.GetProperty("challengeId").GetString()!;

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();

    /// <summary>The <paramref name="nth"/> request the provider received for <paramref name="mobile"/>.</summary>
    private static async Task<ILogEntry> ProviderRequestAsync(ServiceUnderTest s, string mobile, int nth)
    {
        ILogEntry[] ForMobile() => s.Provider.LogEntries.Where(e => e.RequestMessage.Body?.Contains(mobile[1..], StringComparison.Ordinal) == true).ToArray();
        await WaitAsync(() => Task.FromResult(ForMobile().Length >= nth));
        return ForMobile()[nth - 1];
    }

    private static async Task<string> CodeSentToAsync(ServiceUnderTest s, string mobile, int nth) =>
        CodePattern().Match(Form((await ProviderRequestAsync(s, mobile, nth)).RequestMessage.Body!)["Body"]).Value;

    private static async Task WaitAsync(Func<Task<bool>> condition, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "Timed out waiting.");
            await Task.Delay(100);
        }
    }

    private static Dictionary<string, string> Form(string body) =>
        body.Split('&').Select(p => p.Split('=', 2)).ToDictionary(p => WebUtility.UrlDecode(p[0]), p => WebUtility.UrlDecode(p.Length > 1 ? p[1] : ""));

    private static string Hidden(string html, string name) =>
        WebUtility.HtmlDecode(Regex.Match(html, "name=\"" + name + "\" value=\"([^\"]*)\"").Groups[1].Value);

    [GeneratedRegex("[0-9]{6}")]
    private static partial Regex CodePattern();
}
