using System.Net.Sockets;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace SmsOtp.Client.Tests;

/// <summary>
/// The retry policy per method, and how answers the real server does not give on demand are read, against a
/// WireMock.Net stand-in for the service.
/// </summary>
public sealed class RetryPolicyTests : IDisposable
{
    private const string ChallengeId = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
    private readonly WireMockServer _server = WireMockServer.Start();

    /// <summary>Each method, and whether it may be retried.</summary>
    public static TheoryData<string, bool> Methods => new()
    {
        { "send", true },
        { "mobile", true },
        { "resend", true },
        { "status", true },
        { "getUser", true },
        { "putUser", true },
        { "deleteUser", true },
        { "importBackupCodes", true },
        { "verify", false },
        { "redeemResult", false },
        { "generateBackupCodes", false },
        { "unlock", false },
        { "health", false },
    };

    [Theory]
    [MemberData(nameof(Methods))]
    public async Task Only_idempotent_methods_are_retried_after_a_503(string method, bool retried)
    {
        _server.Given(Request.Create().WithPath("/api/*"))
            .RespondWith(Problem(503, "service_unavailable"));
        var client = Client(o => o.MaxRetryAttempts = 2);

        var problem = await Assert.ThrowsAsync<SmsOtpProblemException>(() => Call(client, method));

        Assert.Equal((ProblemCodes.ServiceUnavailable, 503), (problem.Code, problem.Status));
        Assert.Equal(retried ? 3 : 1, _server.LogEntries.Count());
        var keys = _server.LogEntries.Select(e => e.RequestMessage.Headers?
            .Where(kv => string.Equals(kv.Key, "Idempotency-Key", StringComparison.OrdinalIgnoreCase)).SelectMany(kv => kv.Value).SingleOrDefault())
            .Distinct().ToArray();
        Assert.Single(keys); // every attempt of the call carries the same key (or none)
        Assert.Equal(method is "send" or "mobile" or "resend", keys[0] is not null);
        Assert.Equal(keys[0], problem.IdempotencyKey);
    }

    [Fact]
    public async Task A_429_with_a_short_retry_after_is_waited_for_and_retried()
    {
        _server.Given(Request.Create().WithPath("/api/otp/send")).InScenario("busy").WillSetStateTo("free")
            .RespondWith(Problem(429, "rate_limited").WithHeader("Retry-After", "1"));
        _server.Given(Request.Create().WithPath("/api/otp/send")).InScenario("busy").WhenStateIs("free")
            .RespondWith(Json(200, """{"status":"skipped","reason":"no_mobile"}"""));

        var result = await Client().SendAsync("acme", "alice");

        Assert.Equal(SendReasons.NoMobile, result.Reason);
        Assert.Equal(2, _server.LogEntries.Count());
    }

    [Theory]
    [InlineData(429, "rate_limited", "3600")]
    [InlineData(429, "destination_suspended", "7200")]
    [InlineData(503, "service_unavailable", "600")]
    public async Task A_long_retry_after_is_not_waited_for_but_handed_to_the_app(int status, string code, string retryAfter)
    {
        _server.Given(Request.Create().WithPath("/api/otp/send")).RespondWith(Problem(status, code).WithHeader("Retry-After", retryAfter));

        var problem = await Assert.ThrowsAsync<SmsOtpProblemException>(() => Client().SendAsync("acme", "alice"));

        Assert.Equal(code, problem.Code);
        Assert.Equal(TimeSpan.FromSeconds(int.Parse(retryAfter)), problem.RetryAfter);
        Assert.Single(_server.LogEntries);
    }

    [Fact]
    public async Task A_retry_after_date_is_read_too()
    {
        var when = DateTimeOffset.UtcNow.AddHours(1);
        _server.Given(Request.Create().WithPath("/api/otp/resend"))
            .RespondWith(Problem(429, "resend_too_soon").WithHeader("Retry-After", when.ToString("R")));

        var problem = await Assert.ThrowsAsync<SmsOtpProblemException>(() => Client().ResendAsync(ChallengeId));

        Assert.InRange(problem.RetryAfter!.Value, TimeSpan.FromMinutes(30), TimeSpan.FromMinutes(61));
        Assert.Single(_server.LogEntries);
    }

    [Fact]
    public async Task A_4xx_problem_is_never_retried()
    {
        _server.Given(Request.Create().WithPath("/api/users")).RespondWith(Problem(404, "user_not_found"));

        var problem = await Assert.ThrowsAsync<SmsOtpProblemException>(() => Client().GetUserAsync("acme", "nobody"));

        Assert.Equal(ProblemCodes.UserNotFound, problem.Code);
        Assert.Single(_server.LogEntries);
    }

    [Fact]
    public async Task A_bare_401_and_a_non_json_error_are_transport_exceptions_naming_the_likely_cause()
    {
        _server.Given(Request.Create().WithPath("/api/users")).RespondWith(Response.Create().WithStatusCode(401));
        _server.Given(Request.Create().WithPath("/api/otp/verify")).RespondWith(Response.Create().WithStatusCode(404)
            .WithHeader("Content-Type", "text/html").WithBody("<h1>Not found</h1>"));

        var unauthorized = await Assert.ThrowsAsync<SmsOtpTransportException>(() => Client().GetUserAsync("acme", "alice"));
        Assert.Equal(401, unauthorized.StatusCode);
        Assert.Contains("FunctionKey", unauthorized.Message);

        var notFound = await Assert.ThrowsAsync<SmsOtpTransportException>(() => Client().VerifyAsync(ChallengeId, "123456"));
        Assert.Equal(404, notFound.StatusCode);
        Assert.Contains("BaseAddress", notFound.Message);
        Assert.DoesNotContain("123456", notFound.Message);
    }

    [Fact]
    public async Task An_unreadable_success_body_is_a_transport_exception()
    {
        _server.Given(Request.Create().WithPath("/api/users")).RespondWith(Json(200, """{"tenant":"acme"}"""));

        var failure = await Assert.ThrowsAsync<SmsOtpTransportException>(() => Client().GetUserAsync("acme", "alice"));

        Assert.Equal(200, failure.StatusCode);
        Assert.IsAssignableFrom<System.Text.Json.JsonException>(failure.InnerException);
    }

    [Fact]
    public async Task No_service_at_the_address_is_a_transport_exception_after_the_retries()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop(); // nothing listens there now

        var failure = await Assert.ThrowsAsync<SmsOtpTransportException>(() =>
            Client(o => o.BaseAddress = new Uri($"http://127.0.0.1:{port}")).SendAsync("acme", "alice"));

        Assert.Null(failure.StatusCode);
        Assert.False(failure.IsTimeout);
        Assert.IsType<HttpRequestException>(failure.InnerException);
        Assert.True(IdempotencyKeys.IsValid(failure.IdempotencyKey)); // for the app to repeat the call with
    }

    [Fact]
    public async Task Every_field_of_the_verify_and_status_answers_is_read()
    {
        _server.Given(Request.Create().WithPath("/api/otp/verify")).RespondWith(Json(200, """
            {"status":"verified","method":"backup_code","tenant":"acme","userId":"PRIMARY/alice","verifiedAt":"2026-11-26T08:00:01.250Z",
             "mobileUpdated":true,"transaction":{"amount":"12.50","currency":"EUR","payee":"Acme Shop"}}
            """));
        _server.Given(Request.Create().WithPath("/api/otp/status")).RespondWith(Json(200, """
            {"challengeId":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA","state":"pending","deliveryStatus":"failed","deliveryErrorCode":"30003",
             "provider":"twilio","expiresAt":"2026-11-26T08:05:00.000Z","attemptsRemaining":2,"resendsRemaining":4,"resendAvailableAt":"2026-11-26T08:00:30.000Z"}
            """));
        _server.Given(Request.Create().WithPath("/api/health")).RespondWith(Json(503, """
            {"status":"unhealthy","checks":{"tables":"unhealthy: RequestFailedException","queue":"healthy","secrets":"healthy"}}
            """));
        var client = Client();

        var verified = await client.VerifyAsync(ChallengeId, "12345678");
        Assert.Equal(new VerifyResult
        {
            Status = VerifyStatus.Verified,
            Method = VerifyMethods.BackupCode,
            Tenant = "acme",
            UserId = "PRIMARY/alice",
            VerifiedAt = new DateTimeOffset(2026, 11, 26, 8, 0, 1, 250, TimeSpan.Zero),
            MobileUpdated = true,
            Transaction = new Transaction("12.50", "EUR", "Acme Shop"),
        }, verified);

        var status = await client.GetStatusAsync(ChallengeId);
        Assert.Equal((ChallengeStates.Pending, DeliveryStatuses.Failed, "30003", "twilio"), (status.State, status.DeliveryStatus, status.DeliveryErrorCode, status.Provider));
        Assert.Equal((2, 4), (status.AttemptsRemaining, status.ResendsRemaining));
        Assert.Equal(new DateTimeOffset(2026, 11, 26, 8, 5, 0, TimeSpan.Zero), status.ExpiresAt);
        Assert.True(status.DeliveryFailed);
        Assert.Equal("/api/otp/status?challengeId=" + ChallengeId, _server.LogEntries.Last().RequestMessage.Url[_server.Url!.Length..]);

        var health = await client.GetHealthAsync();
        Assert.False(health.IsHealthy);
        Assert.Equal("unhealthy: RequestFailedException", health.Checks["tables"]);
    }

    private SmsOtpClient Client(Action<SmsOtpClientOptions>? configure = null)
    {
        var services = new ServiceCollection();
        services.AddSmsOtpClient(o =>
        {
            o.BaseAddress = new Uri(_server.Url!);
            o.RetryDelay = TimeSpan.FromMilliseconds(1);
            configure?.Invoke(o);
        });
        return services.BuildServiceProvider().GetRequiredService<SmsOtpClient>();
    }

    private static Task Call(SmsOtpClient client, string method) => method switch
    {
        "send" => client.SendAsync("acme", "alice"),
        "mobile" => client.SubmitMobileAsync(ChallengeId, "+94778888888"),
        "resend" => client.ResendAsync(ChallengeId),
        "status" => client.GetStatusAsync(ChallengeId),
        "verify" => client.VerifyAsync(ChallengeId, "123456"),
        "redeemResult" => client.RedeemResultAsync("token"),
        "getUser" => client.GetUserAsync("acme", "alice"),
        "putUser" => client.PutUserAsync("acme", "alice", new UserUpdate { RemoveMobile = true }),
        "deleteUser" => client.DeleteUserAsync("acme", "alice"),
        "generateBackupCodes" => client.GenerateBackupCodesAsync("acme", "alice"),
        "importBackupCodes" => client.ImportBackupCodesAsync("acme", "alice", "12345678"),
        "unlock" => client.UnlockAsync("acme", "alice"),
        "health" => client.GetHealthAsync(),
        _ => throw new ArgumentOutOfRangeException(nameof(method)),
    };

    private static IResponseBuilder Problem(int status, string code) => Response.Create().WithStatusCode(status)
        .WithHeader("Content-Type", "application/problem+json")
        .WithBody($$"""{"type":"urn:sms-otp:problem:{{code}}","title":"A problem.","status":{{status}},"detail":"For people.","code":"{{code}}"}""");

    private static IResponseBuilder Json(int status, string body) => Response.Create().WithStatusCode(status)
        .WithHeader("Content-Type", "application/json").WithBody(body);

    public void Dispose() => _server.Stop();
}
