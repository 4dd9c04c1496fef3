using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SmsOtp.Testing;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace SmsOtp.LoginTouch;

/// <summary>
/// One login - send, the queued delivery to a WireMock provider, verify - over the local server's real HTTP
/// handlers on Azurite, on a server that has already served one login (so start-up and first-use set-up are
/// not counted). Coverlet's hit counters are cleared just before the login and put back as they were at its
/// end, so the coverage report holds the login's window only, not start-up or shutdown. The idle test is the
/// control: the same server and warm-up, then a window as long as a login without one (the background work
/// that any window holds: the queue listeners' polls). The script runs one test per coverage run.
/// </summary>
public sealed class OneLoginTests
{
    /// <summary>About as long as a login here (send, delivery, verify, then the settling delay).</summary>
    private static readonly TimeSpan IdleWindow = TimeSpan.FromSeconds(2.5);

    [Fact]
    public Task One_login_after_a_warm_up_login() => MeasureAsync(idle: false);

    [Fact]
    public Task Idle_window_after_a_warm_up_login() => MeasureAsync(idle: true);

    private static async Task MeasureAsync(bool idle)
    {
        var counters = CoverageCounters.Find();
        using var provider = WireMockServer.Start();
        provider.Given(Request.Create().WithPath("/sms").UsingPost()).RespondWith(Response.Create().WithStatusCode(202));
        var server = await LocalServerHost.StartAsync(new Dictionary<string, string?>
        {
            ["SmsOtp:Providers:0:Name"] = "stub",
            ["SmsOtp:Providers:0:Url"] = provider.Url + "/sms",
            ["SmsOtp:Providers:0:Method"] = "POST",
            ["SmsOtp:Providers:0:Headers"] = "Content-Type: application/json",
            ["SmsOtp:Providers:0:Payload"] = "{\"to\":\"$ctx.num\",\"text\":\"$ctx.msg\",\"otp\":\"$ctx.otp\"}",
        });
        int[][] window;
        try
        {
            await PutUserAsync(server, "warm-up", "+94 77 888 8887");
            await PutUserAsync(server, "alice", "+94 77 888 8888");
            await LoginAsync(server, provider, "warm-up");

            counters.Clear();
            if (idle)
            {
                await Task.Delay(IdleWindow);
            }
            else
            {
                await LoginAsync(server, provider, "alice");
            }

            window = counters.Snapshot();
        }
        finally
        {
            await server.DisposeAsync();
        }

        counters.Restore(window);
    }

    private static async Task PutUserAsync(LocalServerHost server, string userId, string mobile)
    {
        using var put = await server.Client.PutAsJsonAsync("api/users?userId=" + userId, new { mobile });
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
    }

    private static async Task LoginAsync(LocalServerHost server, WireMockServer provider, string userId)
    {
        provider.ResetLogEntries();
        using var send = await server.PostAsync("api/otp/send", new { userId });
        Assert.Equal(HttpStatusCode.OK, send.StatusCode);
        var sent = await server.JsonAsync(send);
        Assert.Equal("sent", sent.GetProperty("status").GetString());

        string? sms = null;
        for (var i = 0; i < 400 && sms is null; i++)
        {
            sms = provider.LogEntries.FirstOrDefault()?.RequestMessage.Body;
            if (sms is null)
            {
                await Task.Delay(50);
            }
        }

        Assert.NotNull(sms);
        var code = JsonDocument.Parse(sms).RootElement.GetProperty("otp").GetString();
        using var verify = await server.PostAsync("api/otp/verify", new { challengeId = sent.GetProperty("challengeId").GetString(), code });
        var verified = await server.JsonAsync(verify);
        Assert.Equal("verified", verified.GetProperty("status").GetString());

        // The delivery records the provider's answer after the provider has the SMS: part of the login.
        await Task.Delay(1500);
    }
}
