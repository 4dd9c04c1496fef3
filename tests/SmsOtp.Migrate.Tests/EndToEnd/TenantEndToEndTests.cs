using System.Net;
using System.Net.Http.Json;
using SmsOtp.Migrate.Tests.Config;
using SmsOtp.Testing;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace SmsOtp.Migrate.Tests.EndToEnd;

/// <summary>
/// <c>config --tenant</c> (spec §10.1): the converted settings under <c>SmsOtp:Tenants:&lt;t&gt;</c> pass the
/// service's start-up checks of tenant keys, and decide for that tenant only: its provider, its
/// <c>TokenLength</c>, its case-insensitive user ids; the other tenants keep the global settings.
/// </summary>
public sealed class TenantEndToEndTests
{
    [Fact]
    public async Task ConvertedTenant_DecidesForThatTenantOnly()
    {
        using var provider = WireMockServer.Start();
        var (status, body) = GatewayFixtures.SuccessAnswer("twilio");
        provider.Given(Request.Create().UsingAnyMethod()).RespondWith(Response.Create().WithStatusCode(status).WithBody(body));
        var (_, settings) = await ConfigOutput.ConvertAsync(["--toml", Fixture.Toml, "--idp", Fixture.Idp("twilio"), "--tenant", "acme"]);
        settings["SmsOtp:Tenants:acme:Providers:0:BaseUrl"] = provider.Url;
        foreach (var (name, value) in GatewayFixtures.Secrets)
        {
            settings["SmsOtp:Secrets:" + name] = value;
        }

        await using var server = await LocalServerHost.StartAsync(settings);

        // acme: WSO2's TokenLength 8 through its Twilio, and user names compared without case as WSO2 did.
        Assert.Equal(HttpStatusCode.OK, (await server.Client.PutAsJsonAsync(ConfigEndToEndTests.UserRoute("PRIMARY/Alice", "acme"), new { mobile = "+94771234567" })).StatusCode);
        var acme = await server.JsonAsync(await server.PostAsync("api/otp/send", new { tenant = "acme", userId = "primary/alice" }));
        Assert.Equal("sent", acme.GetProperty("status").GetString());
        Assert.Equal(8, acme.GetProperty("codeLength").GetInt32());
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!provider.LogEntries.Any() && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        Assert.Single(provider.LogEntries);

        // Another tenant: the global defaults (6 digits, exact ids, the development outbox).
        await server.Client.PutAsJsonAsync(ConfigEndToEndTests.UserRoute("PRIMARY/Alice", "other"), new { mobile = "+94771234567" });
        var exact = await server.JsonAsync(await server.PostAsync("api/otp/send", new { tenant = "other", userId = "primary/alice" }));
        Assert.Equal("skipped", exact.GetProperty("status").GetString()); // no such user here: not mandatory, so skipped
        var other = await server.JsonAsync(await server.PostAsync("api/otp/send", new { tenant = "other", userId = "PRIMARY/Alice" }));
        Assert.Equal(6, other.GetProperty("codeLength").GetInt32());
        Assert.Single(await server.OutboxAsync(1));
        Assert.Single(provider.LogEntries);
    }
}
