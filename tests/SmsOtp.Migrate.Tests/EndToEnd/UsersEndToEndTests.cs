using System.Net;
using System.Text.Json;
using SmsOtp.Migrate.Cli;
using SmsOtp.Migrate.Users;
using SmsOtp.Testing;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace SmsOtp.Migrate.Tests.EndToEnd;

/// <summary>
/// <c>users</c> against the real local server: the mixed SCIM export imports (numbers, opt-outs, backup codes
/// that then verify), a re-run changes nothing and gives no spent code back, bad rows are reported by user
/// id and reason without a number or a code anywhere in the output, and the exit code says rows failed.
/// </summary>
public sealed class UsersEndToEndTests
{
    private const string Key = "migrate-test-key";

    // Every number and code in the fixtures, as the output could show it (the last 7 digits of each number).
    private static readonly string[] Secrets =
    [
        "1234567", "1234568", "1234569", "1234570", "1234571", "1234572", "1234573", "1234574", "1234575", "1234576", "7911123456", "12345",
        "48203917", "11223344", "99887766", "73920184", "60218373",
    ];

    static UsersEndToEndTests() =>
        UsersCommand.ApiOptions = new ServiceApiOptions { RetryDelay = TimeSpan.FromMilliseconds(20), MaxRetries = 3 };

    [Fact]
    public async Task MixedExport_Imports_ReRunsIdempotently_AndReportsBadRowsWithoutNumbers()
    {
        await using var server = await LocalServerHost.StartAsync(new Dictionary<string, string?> { ["SmsOtp:LocalApiKey"] = Key });
        server.Client.DefaultRequestHeaders.Add("x-functions-key", Key);
        var api = server.BaseAddress.ToString().TrimEnd('/') + "/api"; // a trailing /api is accepted
        var csv = Path.Combine(Path.GetTempPath(), Guid.NewGuid() + ".csv");
        string[] args = ["users", "--scim", Fixture.Path("scim", "users-page-1.json"), "--scim", Fixture.Path("scim", "users-page-2.json"),
            "--api", api, "--key", Key, "--default-region", "LK", "--concurrency", "4", "--report", csv, "--primary-domain", "add"];

        // A dry run validates and reports, and calls nothing.
        var dry = await ToolRun.RunAsync([.. args, "--dry-run"]);
        Assert.Equal(Program.RowsFailed, dry.ExitCode);
        Assert.Contains("nothing was written", dry.Output, StringComparison.Ordinal); // one line: not wrapped when redirected
        Assert.Equal(HttpStatusCode.NotFound, (await GetAsync(server, "PRIMARY/alice")).Status);

        // A wrong key fails every row as unauthorized, and writes nothing.
        var denied = await ToolRun.RunAsync([.. args.Select(a => a == Key ? "wrong-key" : a)]);
        Assert.Equal(Program.RowsFailed, denied.ExitCode);
        Assert.True(denied.Squeezed.Contains("failed:unauthorized", StringComparison.Ordinal), denied.Output + denied.Error);

        var first = await ToolRun.RunAsync(args);
        Assert.Equal(Program.RowsFailed, first.ExitCode); // erin, harry and ivan failed
        Assert.Contains("imported(newprofile)8", first.Squeezed, StringComparison.Ordinal);

        var alice = await GetAsync(server, "PRIMARY/alice");
        Assert.Equal("+*******4567", alice.Json!.Value.GetProperty("maskedMobile").GetString());
        Assert.False(alice.Json.Value.GetProperty("smsOtpDisabled").GetBoolean());
        Assert.Equal(3, alice.Json.Value.GetProperty("backupCodesRemaining").GetInt32());
        Assert.Equal("+*******4568", (await GetAsync(server, "SECONDARY/bob")).Json!.Value.GetProperty("maskedMobile").GetString()); // national number
        var carol = (await GetAsync(server, "PRIMARY/carol")).Json!.Value;
        Assert.True(!carol.TryGetProperty("maskedMobile", out var none) || none.ValueKind == JsonValueKind.Null); // no number in WSO2
        Assert.True((await GetAsync(server, "PRIMARY/dave")).Json!.Value.GetProperty("smsOtpDisabled").GetBoolean());
        Assert.True((await GetAsync(server, "PRIMARY/frank")).Json!.Value.GetProperty("smsOtpDisabled").GetBoolean());
        Assert.Equal(2, (await GetAsync(server, "PRIMARY/judy")).Json!.Value.GetProperty("backupCodesRemaining").GetInt32());
        foreach (var failed in new[] { "PRIMARY/erin", "PRIMARY/harry", "PRIMARY/ivan" })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await GetAsync(server, failed)).Status); // nothing half-imported
        }

        // An imported backup code works in place of the SMS code, once.
        var sent = await server.JsonAsync(await server.PostAsync("api/otp/send", new { userId = "PRIMARY/alice" }));
        Assert.Equal("sent", sent.GetProperty("status").GetString());
        var verified = await server.JsonAsync(await server.PostAsync("api/otp/verify", new { challengeId = sent.GetProperty("challengeId").GetString(), code = "48203917" }));
        Assert.Equal("verified", verified.GetProperty("status").GetString());
        Assert.Equal("backup_code", verified.GetProperty("method").GetString());
        Assert.Equal(2, (await GetAsync(server, "PRIMARY/alice")).Json!.Value.GetProperty("backupCodesRemaining").GetInt32());

        // A re-run: the same users updated, nobody new, the spent code not given back.
        var second = await ToolRun.RunAsync(args);
        Assert.Equal(Program.RowsFailed, second.ExitCode);
        Assert.Contains("imported(newprofile)0", second.Squeezed, StringComparison.Ordinal);
        Assert.Contains("imported(existingprofileupdated)8", second.Squeezed, StringComparison.Ordinal);
        Assert.Equal(2, (await GetAsync(server, "PRIMARY/alice")).Json!.Value.GetProperty("backupCodesRemaining").GetInt32());
        Assert.Equal("+*******4567", (await GetAsync(server, "PRIMARY/alice")).Json!.Value.GetProperty("maskedMobile").GetString());

        // The rejection report names user and reason; no number or code is printed, on either run.
        var report = await File.ReadAllTextAsync(csv);
        Assert.Contains("PRIMARY/erin,users-page-1.json#5,failed,invalid_mobile", report, StringComparison.Ordinal);
        Assert.Contains("PRIMARY/harry,users-page-2.json#3,failed,invalid_backup_codes", report, StringComparison.Ordinal);
        Assert.Contains("PRIMARY/ivan,users-page-2.json#4,failed,conflicting_duplicate", report, StringComparison.Ordinal);
        Assert.Contains("PRIMARY/Alice,users-page-2.json#1,skipped,duplicate", report, StringComparison.Ordinal);
        foreach (var run in new[] { dry, denied, first, second })
        {
            Assert.DoesNotContain(Secrets, s => run.Squeezed.Contains(s, StringComparison.Ordinal));
            Assert.Contains("PRIMARY/erin", run.Squeezed, StringComparison.Ordinal);
        }

        Assert.DoesNotContain(Secrets, s => report.Contains(s, StringComparison.Ordinal));
    }

    [Fact]
    public async Task MandatoryService_ImportsOptedOutUsersWithoutTheOptOut_AsWso2IgnoresIt()
    {
        await using var server = await LocalServerHost.StartAsync(new Dictionary<string, string?> { ["SmsOtp:Mandatory"] = "true" });
        var run = await ToolRun.RunAsync("users", "--scim", Fixture.Scim, "--api", server.BaseAddress.ToString(), "--default-region", "LK");
        Assert.Equal(Program.RowsFailed, run.ExitCode);
        var dave = await GetAsync(server, "dave");
        Assert.Equal(HttpStatusCode.OK, dave.Status);
        Assert.False(dave.Json!.Value.GetProperty("smsOtpDisabled").GetBoolean());
        Assert.Contains("opt_out_not_applied", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DefaultImport_KeepsIdsAsExported_SoTheAppsIdsFindTheirProfiles()
    {
        // WSO2 puts "alice", not "PRIMARY/alice", into tokens for primary users: an import that changed the id would
        // leave the app's "alice" without a profile, and a tenant that is not mandatory would skip her second factor.
        await using var server = await LocalServerHost.StartAsync();
        var run = await ToolRun.RunAsync("users", "--scim", Fixture.Path("scim", "users-page-1.json"), "--api", server.BaseAddress.ToString(), "--default-region", "LK");

        Assert.Equal(HttpStatusCode.OK, (await GetAsync(server, "alice")).Status);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(server, "PRIMARY/frank")).Status); // exported with the domain: kept so
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(server, "SECONDARY/bob")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await GetAsync(server, "PRIMARY/alice")).Status);
        var sent = await server.JsonAsync(await server.PostAsync("api/otp/send", new { userId = "alice" }));
        Assert.Equal("sent", sent.GetProperty("status").GetString());

        Assert.Contains("your app must send exactly these ids as userId", run.Output, StringComparison.Ordinal);
        Assert.Contains("e.g. alice, SECONDARY/bob", run.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("alice", "alice")]
    [InlineData("PRIMARY/alice", "PRIMARY/alice")]
    [InlineData("alice@example.com", "a***@example.com")]
    public void ExampleIds_MaskEmailAddressesOnly(string id, string shown) => Assert.Equal(shown, ImportReport.MaskedId(id));

    [Fact]
    public async Task Throttling_IsRetriedAfterRetryAfter()
    {
        using var api = WireMockServer.Start();
        api.Given(Request.Create().WithPath("/api/users").UsingGet()).InScenario("throttle").WillSetStateTo("open")
            .RespondWith(Response.Create().WithStatusCode(429).WithHeader("Retry-After", "0")
                .WithHeader("Content-Type", "application/problem+json").WithBody("""{"status":429,"code":"rate_limited"}"""));
        api.Given(Request.Create().WithPath("/api/users").UsingGet()).InScenario("throttle").WhenStateIs("open")
            .RespondWith(Response.Create().WithStatusCode(404).WithBody("""{"status":404,"code":"user_not_found"}"""));
        api.Given(Request.Create().WithPath("/api/users").UsingPut()).InScenario("put").WillSetStateTo("up")
            .RespondWith(Response.Create().WithStatusCode(503).WithHeader("Retry-After", "0").WithBody("""{"status":503,"code":"service_unavailable"}"""));
        api.Given(Request.Create().WithPath("/api/users").UsingPut()).InScenario("put").WhenStateIs("up")
            .RespondWith(Response.Create().WithStatusCode(200).WithBody("""{"tenant":"default","userId":"solo"}"""));

        var file = Path.Combine(Path.GetTempPath(), Guid.NewGuid() + ".json");
        await File.WriteAllTextAsync(file, """
            {"schemas": ["urn:ietf:params:scim:api:messages:2.0:ListResponse"], "totalResults": 1, "startIndex": 1, "itemsPerPage": 1,
             "Resources": [{"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "id": "0b1c", "userName": "solo", "phoneNumbers": [{"type": "mobile", "value": "+94771234599"}]}]}
            """);
        var run = await ToolRun.RunAsync("users", "--scim", file, "--api", api.Url!, "--key", "k");

        Assert.True(run.ExitCode == 0, run.Output + run.Error);
        var calls = api.LogEntries.Select(e => e.RequestMessage.Method + " " + e.RequestMessage.Path).ToList();
        Assert.Equal(["GET /api/users", "GET /api/users", "PUT /api/users", "PUT /api/users"], calls);
        Assert.All(api.LogEntries, e => Assert.Equal("k", e.RequestMessage.Headers!["x-functions-key"].ToString()));
        var put = api.LogEntries.Last().RequestMessage;
        Assert.Equal("solo", put.Query!["userId"].ToString()); // as exported
        Assert.Equal("+94771234599", JsonDocument.Parse(put.Body!).RootElement.GetProperty("mobile").GetString());
    }

    private static async Task<(HttpStatusCode Status, JsonElement? Json)> GetAsync(LocalServerHost server, string userId)
    {
        using var response = await server.Client.GetAsync(ConfigEndToEndTests.UserRoute(userId));
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? null : JsonDocument.Parse(text).RootElement.Clone());
    }
}
