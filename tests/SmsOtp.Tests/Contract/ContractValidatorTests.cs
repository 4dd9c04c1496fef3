using System.Net.Http.Json;
using System.Text.RegularExpressions;

namespace SmsOtp.Tests.Contract;

/// <summary>
/// The contract validator: real responses of the local server conform, and bodies with an extra field, a
/// wrong type, an undocumented status, route or content type do not.
/// </summary>
public sealed class ContractValidatorTests
{
    private const string ReturnUrl = "https://app.example.com/signin/callback";
    private const string Id = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
    private const string At = "2026-11-26T08:00:00.000Z";

    private static readonly string Sent =
        $$"""{"status":"sent","challengeId":"{{Id}}","maskedMobile":"+*******8888","expiresAt":"{{At}}","resendAvailableAt":"{{At}}","codeLength":6}""";

    private static ContractValidator Validator => ContractValidator.Default;

    [Fact]
    public async Task Real_responses_of_the_local_server_conform()
    {
        await using var server = await LocalServerHost.StartAsync(new Dictionary<string, string?> { ["SmsOtp:Pages:AllowedReturnUrls:0"] = ReturnUrl });
        using var handler = new ContractValidatingHandler(new HttpClientHandler { AllowAutoRedirect = false }, throwOnViolation: false);
        using var client = new HttpClient(handler) { BaseAddress = server.BaseAddress };
        var calls = 0;
        async Task<HttpResponseMessage> Call(Task<HttpResponseMessage> call, HttpStatusCode expected)
        {
            var response = await call;
            calls++;
            Assert.Equal(expected, response.StatusCode);
            return response;
        }

        await Call(client.GetAsync("api/health"), HttpStatusCode.OK);
        await Call(client.PutAsJsonAsync("api/users?tenant=acme&userId=alice", new { mobile = "+94778888888" }), HttpStatusCode.OK);
        await Call(client.GetAsync("api/users?tenant=acme&userId=alice"), HttpStatusCode.OK);
        await Call(client.PostAsync("api/users/backup-codes?tenant=acme&userId=alice", null), HttpStatusCode.OK);
        await Call(client.PutAsJsonAsync("api/users/backup-codes?tenant=acme&userId=alice", new { codes = "12345678,87654321" }), HttpStatusCode.OK);

        var sent = await Json(await Call(client.PostAsJsonAsync("api/otp/send", new { tenant = "acme", userId = "alice" }), HttpStatusCode.OK));
        var challengeId = sent.GetProperty("challengeId").GetString();
        var code = (await server.OutboxAsync(1)).Single().GetProperty("code").GetString()!;
        await Call(client.GetAsync("api/dev/outbox"), HttpStatusCode.OK);
        await Call(client.PostAsJsonAsync("api/otp/verify", new { challengeId, code = "000000" == code ? "111111" : "000000" }), HttpStatusCode.OK);
        await Call(client.PostAsJsonAsync("api/otp/resend", new { challengeId }), HttpStatusCode.TooManyRequests); // resend_too_soon, Retry-After
        await Call(client.PostAsJsonAsync("api/otp/verify", new { challengeId, code }), HttpStatusCode.OK);
        await Call(client.PostAsJsonAsync("api/otp/verify", new { challengeId, code }), HttpStatusCode.OK); // consumed
        await Call(client.PostAsJsonAsync("api/otp/resend", new { challengeId }), HttpStatusCode.Conflict);
        await Call(client.PostAsJsonAsync("api/otp/mobile", new { challengeId, mobile = "+94778888888" }), HttpStatusCode.Conflict);
        await Call(client.PostAsJsonAsync("api/otp/verify", new { challengeId = Id, code }), HttpStatusCode.NotFound);
        await Call(client.PostAsJsonAsync("api/otp/send", new { tenant = "acme", userId = "nobody" }), HttpStatusCode.OK); // skipped
        await Call(client.PostAsJsonAsync("api/users/unlock?tenant=acme&userId=alice", new { }), HttpStatusCode.OK);

        // Problems every route can give.
        await Call(client.GetAsync("api/users?tenant=acme&userId=nobody"), HttpStatusCode.NotFound);
        await Call(client.GetAsync("api/users?tenant=acme&userId=a&userId=b"), HttpStatusCode.BadRequest);
        await Call(client.PostAsync("api/otp/send", new StringContent("{not json", Encoding.UTF8, "application/json")), HttpStatusCode.BadRequest);
        await Call(client.PostAsync("api/otp/send", new StringContent("hello", Encoding.UTF8, "text/plain")), HttpStatusCode.UnsupportedMediaType);
        await Call(client.PostAsync("api/otp/verify", new StringContent(new string(' ', 70_000), Encoding.UTF8, "application/json")), HttpStatusCode.RequestEntityTooLarge);
        await Call(client.GetAsync("api/no/such/route"), HttpStatusCode.NotFound);
        await Call(client.DeleteAsync("api/otp/send"), HttpStatusCode.MethodNotAllowed);

        // The hosted pages: send with returnUrl, the page, a code through the form, 303 to the app, redeem.
        var paged = await Json(await Call(client.PostAsJsonAsync("api/otp/send", new { tenant = "acme", userId = "alice", returnUrl = ReturnUrl }), HttpStatusCode.OK));
        var page = await (await Call(client.GetAsync(paged.GetProperty("pageUrl").GetString()), HttpStatusCode.OK)).Content.ReadAsStringAsync();
        await Call(client.GetAsync("api/pages/pages.css"), HttpStatusCode.OK);
        await Call(client.GetAsync("api/pages/webotp.js"), HttpStatusCode.OK);
        await Call(client.GetAsync("api/pages/otp?flow=broken"), HttpStatusCode.NotFound);
        var pageCode = (await server.OutboxAsync(2))[1].GetProperty("code").GetString()!;
        var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["flow"] = Hidden(page, "flow"), ["csrf"] = Hidden(page, "csrf"), ["code"] = pageCode });
        var redirect = await Call(client.PostAsync("api/pages/otp/verify", form), HttpStatusCode.SeeOther);
        var result = Regex.Match(redirect.Headers.Location!.Query, "result=([^&]+)").Groups[1].Value;
        await Call(client.PostAsJsonAsync("api/otp/result", new { result = Uri.UnescapeDataString(result) }), HttpStatusCode.OK);
        await Call(client.PostAsJsonAsync("api/otp/result", new { result = Uri.UnescapeDataString(result) }), HttpStatusCode.NotFound);
        await Call(client.PostAsync("api/pages/otp/verify", new FormUrlEncodedContent(new Dictionary<string, string> { ["code"] = "1" })), HttpStatusCode.NotFound);

        await Call(client.DeleteAsync("api/users?tenant=acme&userId=alice"), HttpStatusCode.NoContent);

        Assert.Empty(handler.Violations.Select(v => v.ToString()));
        Assert.Equal(calls, handler.Validated);
    }

    [Fact]
    public async Task Unauthorized_answers_conform_and_the_handler_throws_on_a_violation()
    {
        await using var server = await LocalServerHost.StartAsync(new Dictionary<string, string?> { ["SmsOtp:LocalApiKey"] = "contract-key" });
        using var handler = new ContractValidatingHandler(new HttpClientHandler(), new ContractValidator(Broken()));
        using var client = new HttpClient(handler) { BaseAddress = server.BaseAddress };

        // The real document accepts the 401; a document that lost it makes the call itself fail.
        using var plain = new HttpClient { BaseAddress = server.BaseAddress };
        Assert.Empty(Validator.Validate(await Describe(await plain.GetAsync("api/users?userId=a"))));
        var thrown = await Assert.ThrowsAsync<ContractViolationException>(() => client.GetAsync("api/users?userId=a"));
        Assert.Contains("Status 401 is not documented for GET /users", thrown.Message, StringComparison.Ordinal);
        Assert.Single(handler.Violations);

        static ContractDocument Broken()
        {
            var root = System.Text.Json.Nodes.JsonNode.Parse(ContractDocument.ReadEmbedded())!;
            root["paths"]!["/users"]!["get"]!["responses"]!.AsObject().Remove("401");
            return ContractDocument.Parse(root.ToJsonString());
        }
    }

    [Fact]
    public void A_documented_body_conforms()
    {
        Assert.Empty(Check("POST", "/api/otp/send", 200, Sent));
        Assert.Empty(Check("POST", "/API/OTP/SEND/", 200, Sent)); // routes are case-insensitive; a trailing slash is the same route
        Assert.Empty(Check("POST", "/api/otp/send", 200, """{"status":"skipped","reason":"no_mobile"}"""));
        Assert.Empty(Check("POST", "/api/otp/send", 200, $$"""{"status":"mobile_required","challengeId":"{{Id}}","reason":"capture","pageUrl":"https://otp.example.com/api/pages/otp?flow=x"}"""));
        Assert.Empty(Check("POST", "/api/otp/verify", 200, $$$"""{"status":"verified","method":"sms","tenant":"acme","userId":"PRIMARY/alice","verifiedAt":"{{{At}}}","mobileUpdated":false,"transaction":{"amount":"12.50","currency":"EUR","payee":"Acme Shop"}}"""));
        Assert.Empty(Check("POST", "/api/otp/verify", 200, $$"""{"status":"locked","lockedUntil":"{{At}}","redirectToMultiOptionPage":false}"""));
        Assert.Empty(Check("POST", "/api/otp/send", 423, Problem(423, "account_locked", $$""","lockedUntil":"{{At}}" """)));
        Assert.Empty(Check("POST", "/api/otp/send", 429, Problem(429, "destination_suspended"), headers: new() { ["Retry-After"] = "60" }));
        Assert.Empty(Check("POST", "/api/otp/send", 422, Problem(422, "idempotency_key_reused")));
        Assert.Empty(Check("GET", "/api/otp/status?challengeId=" + Id, 200,
            $$"""{"challengeId":"{{Id}}","state":"pending","deliveryStatus":"delivered","provider":"twilio","expiresAt":"{{At}}","attemptsRemaining":3,"resendsRemaining":5,"resendAvailableAt":"{{At}}"}"""));
        Assert.Empty(Check("POST", "/api/delivery/receipts/twilio", 204, "", contentType: null));
        Assert.Empty(Check("POST", "/api/delivery/receipts/twilio", 401, Problem(401, "invalid_signature")));
        Assert.Empty(Check("PUT", "/api/otp/send", 405, Problem(405, "method_not_allowed"), headers: new() { ["Allow"] = "POST" }));
    }

    [Fact]
    public void An_extra_field_fails()
    {
        var errors = Check("POST", "/api/otp/send", 200, Sent.Replace("}", ""","debug":true}""", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("/debug", StringComparison.Ordinal) && e.Contains("additionalProperties", StringComparison.Ordinal));

        var problem = Check("POST", "/api/otp/verify", 404, Problem(404, "challenge_not_found", ""","instance":"/x" """));
        Assert.Contains(problem, e => e.Contains("/instance", StringComparison.Ordinal));
    }

    [Fact]
    public void A_wrong_type_or_format_fails()
    {
        Assert.Contains(Check("POST", "/api/otp/send", 200, Sent.Replace("\"codeLength\":6", "\"codeLength\":\"6\"", StringComparison.Ordinal)),
            e => e.Contains("/codeLength", StringComparison.Ordinal) && e.Contains("type", StringComparison.Ordinal));
        Assert.Contains(Check("POST", "/api/otp/send", 200, Sent.Replace(At + "\",\"resend", "2026-11-26T08:00:00Z\",\"resend", StringComparison.Ordinal)),
            e => e.Contains("/expiresAt", StringComparison.Ordinal) && e.Contains("pattern", StringComparison.Ordinal));
        Assert.Contains(Check("POST", "/api/otp/send", 200, """{"status":"queued"}"""), e => e.Contains("/status", StringComparison.Ordinal));
        Assert.Contains(Check("POST", "/api/otp/send", 200, "{not json"), e => e.Contains("not valid JSON", StringComparison.Ordinal));
    }

    [Fact]
    public void Fields_that_do_not_fit_the_status_fail()
    {
        // sent without its challengeId; skipped with one; a reason of the other status.
        Assert.Contains(Check("POST", "/api/otp/send", 200, Sent.Replace($"\"challengeId\":\"{Id}\",", "", StringComparison.Ordinal)),
            e => e.Contains("challengeId", StringComparison.Ordinal) && e.Contains("required", StringComparison.Ordinal));
        Assert.Contains(Check("POST", "/api/otp/send", 200, $$"""{"status":"skipped","reason":"no_mobile","challengeId":"{{Id}}"}"""), e => e.Contains("/challengeId", StringComparison.Ordinal));
        Assert.Contains(Check("POST", "/api/otp/send", 200, """{"status":"skipped","reason":"capture"}"""), e => e.Contains("/reason", StringComparison.Ordinal));
        Assert.NotEmpty(Check("POST", "/api/otp/verify", 200, """{"status":"invalid_code","attemptsRemaining":2,"redirectToMultiOptionPage":false}"""));
        Assert.NotEmpty(Check("POST", "/api/otp/verify", 200, $$"""{"status":"consumed","lockedUntil":"{{At}}"}"""));

        // mobile and resend only ever answer sent; the 200 of health only healthy.
        Assert.NotEmpty(Check("POST", "/api/otp/resend", 200, """{"status":"skipped","reason":"no_mobile"}"""));
        Assert.NotEmpty(Check("GET", "/api/health", 200, """{"status":"unhealthy","checks":{"tables":"unhealthy: RequestFailedException","queue":"healthy","secrets":"healthy"}}"""));
    }

    [Fact]
    public void A_problem_code_or_status_the_response_does_not_document_fails()
    {
        Assert.Contains(Check("POST", "/api/otp/verify", 404, Problem(404, "user_not_found")), e => e.Contains("/code", StringComparison.Ordinal));
        Assert.Contains(Check("POST", "/api/otp/verify", 404, Problem(400, "challenge_not_found")), e => e.Contains("/status", StringComparison.Ordinal));
        Assert.Contains(Check("POST", "/api/otp/send", 423, Problem(423, "account_locked")), e => e.Contains("lockedUntil", StringComparison.Ordinal));
        Assert.Contains(Check("POST", "/api/delivery/receipts/twilio", 401, Problem(401, "unauthorized")), e => e.Contains("/code", StringComparison.Ordinal));
        Assert.Contains(Check("POST", "/api/otp/send", 400, Problem(400, "no_such_code")), e => e.Contains("/code", StringComparison.Ordinal));
    }

    [Fact]
    public void An_undocumented_status_route_method_or_content_type_fails()
    {
        Assert.Contains(Check("POST", "/api/otp/send", 201, Sent), e => e.Contains("Status 201 is not documented for POST /otp/send", StringComparison.Ordinal));
        Assert.Contains(Check("POST", "/api/otp/verify", 409, Problem(409, "challenge_state")), e => e.Contains("Status 409 is not documented", StringComparison.Ordinal));
        Assert.Contains(Check("GET", "/api/otp/everything", 200, "{}"), e => e.Contains("No route has this path", StringComparison.Ordinal));
        Assert.Contains(Check("GET", "/health", 200, "{}"), e => e.Contains("base path", StringComparison.Ordinal));
        Assert.Contains(Check("PATCH", "/api/users", 200, "{}"), e => e.Contains("Status 200 is not documented for PATCH /users", StringComparison.Ordinal));
        Assert.Contains(Check("POST", "/api/otp/send", 200, Sent, contentType: "text/plain"), e => e.Contains("Content-Type text/plain", StringComparison.Ordinal));
        Assert.Contains(Check("POST", "/api/otp/send", 400, Problem(400, "validation_failed"), contentType: "application/json"), e => e.Contains("Content-Type application/json", StringComparison.Ordinal));
        Assert.Contains(Check("DELETE", "/api/users", 204, "{}"), e => e.Contains("has a body", StringComparison.Ordinal));
    }

    [Fact]
    public void A_missing_required_header_or_a_bad_header_value_fails()
    {
        Assert.Contains(Check("DELETE", "/api/otp/send", 405, Problem(405, "method_not_allowed")), e => e.Contains("header Allow is missing", StringComparison.Ordinal));
        Assert.Contains(Check("POST", "/api/otp/resend", 429, Problem(429, "resend_too_soon"), headers: new() { ["Retry-After"] = "soon" }),
            e => e.Contains("header Retry-After", StringComparison.Ordinal));
        Assert.Contains(Check("POST", "/api/pages/otp/verify", 303, "", contentType: null), e => e.Contains("header Location is missing", StringComparison.Ordinal));
    }

    private static IReadOnlyList<string> Check(string method, string path, int status, string body, string? contentType = "<auto>", Dictionary<string, string>? headers = null)
    {
        if (contentType == "<auto>")
        {
            contentType = status >= 400 ? "application/problem+json; charset=utf-8" : "application/json; charset=utf-8";
        }

        return Validator.Validate(new ContractResponse(method, path, status, contentType, body, headers));
    }

    private static string Problem(int status, string code, string extra = "") =>
        $$"""{"type":"urn:sms-otp:problem:{{code}}","title":"T","status":{{status}},"detail":"D","code":"{{code}}"{{extra.Trim()}}}""";

    private static async Task<JsonElement> Json(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();

    private static async Task<ContractResponse> Describe(HttpResponseMessage response) =>
        new(response.RequestMessage!.Method.Method, response.RequestMessage.RequestUri!.PathAndQuery, (int)response.StatusCode,
            response.Content.Headers.ContentType?.ToString(), await response.Content.ReadAsStringAsync());

    private static string Hidden(string html, string name) =>
        WebUtility.HtmlDecode(Regex.Match(html, "name=\"" + name + "\" value=\"([^\"]*)\"").Groups[1].Value);
}
