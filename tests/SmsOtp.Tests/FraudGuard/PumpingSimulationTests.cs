using System.Net.Http.Json;

namespace SmsOtp.Tests.FraudGuard;

/// <summary>
/// SMS pumping (spec §9) end to end over HTTP: a bot rotates 200 users over numbers in one premium-looking prefix and
/// never verifies, while real users in other prefixes log in and verify. The guard must close the bot's prefix after
/// <c>MinSends</c> SMS (plus the overshoot of docs/security.md: none on one instance), refuse no real user, and in
/// <c>monitor</c> mode refuse nothing while reporting every would-be refusal.
/// </summary>
public sealed class PumpingSimulationTests
{
    private const int BotUsers = 200;
    private const int RealUsers = 40;

    /// <summary>Lithuanian mobile numbers (+370 612 xxxxx): the bot's destination is <c>37061</c>.</summary>
    private static string BotNumber(int i) => $"+370612{i:D5}";

    /// <summary>Real users in Sri Lanka and the UK: destinations <c>94771</c> and <c>44791</c>.</summary>
    private static string RealNumber(int i) => i % 2 == 0 ? $"+94771{i:D6}" : $"+447911{i:D6}";

    private static Dictionary<string, string?> Settings(string mode) => new()
    {
        ["SmsOtp:FraudGuard:Mode"] = mode,
        ["SmsOtp:ResendCooldownSeconds"] = "0",
    };

    [Fact]
    public async Task Block_mode_closes_the_bots_prefix_after_MinSends_and_never_refuses_a_real_user()
    {
        using var suspensions = new SuspensionCounter();
        await using var server = await LocalServerHost.StartAsync(Settings("block"));
        var o = server.Services.GetRequiredService<IOptions<FraudGuardOptions>>().Value;
        var run = await RunAsync(server);

        // The bot got MinSends SMS at most (one instance: no overshoot), then every send was refused.
        Assert.True(run.BotSent <= o.MinSends, $"the bot got {run.BotSent} SMS, more than MinSends {o.MinSends}");
        Assert.Equal(o.MinSends, run.BotSent);
        Assert.Equal(BotUsers - run.BotSent, run.BotRefused);
        Assert.All(run.RetryAfter, r => Assert.InRange(r, 1, o.SuspendMinutes * 60));
        Assert.Equal(RealUsers, run.RealVerified);
        Assert.Equal(0, run.RealRefused);

        // The outbox holds exactly what was sent: no SMS behind a refusal.
        var outbox = (await server.JsonAsync(await server.Client.GetAsync("api/dev/outbox"))).EnumerateArray().ToList();
        Assert.Equal(run.BotSent, outbox.Count(e => e.GetProperty("to").GetString()!.StartsWith("+37061", StringComparison.Ordinal)));

        // Reported: one suspension (audit, log with the prefix only, metric by calling code).
        var audit = server.Logs.GetSnapshot().Where(r => r.Id.Name == "DestinationSuspended").ToList();
        Assert.Single(audit);
        Assert.Contains("37061", audit[0].Message, StringComparison.Ordinal);
        Assert.Contains("suspended", audit[0].Message, StringComparison.Ordinal);
        Assert.True(suspensions.For("370") >= 1);

        // A resend on one of the bot's earlier challenges is refused too, and sends nothing.
        var resend = await server.PostAsync("api/otp/resend", new { challengeId = run.BotChallenges[0] });
        await HttpAsserts.AssertProblemAsync(server, resend, HttpStatusCode.TooManyRequests, ProblemCodes.DestinationSuspended);
        Assert.NotNull(resend.Headers.RetryAfter);

        // No full number of the bot in any log record.
        Assert.DoesNotContain(server.Logs.GetSnapshot(), r => r.Message.Contains(BotNumber(7)[1..], StringComparison.Ordinal));
    }

    [Fact]
    public async Task Monitor_mode_refuses_nothing_and_reports_every_send_it_would_have_refused()
    {
        using var suspensions = new SuspensionCounter();
        await using var server = await LocalServerHost.StartAsync(Settings("monitor"));
        var o = server.Services.GetRequiredService<IOptions<FraudGuardOptions>>().Value;
        var run = await RunAsync(server);

        Assert.Equal(BotUsers, run.BotSent);
        Assert.Equal(0, run.BotRefused);
        Assert.Equal(RealUsers, run.RealVerified);

        var logs = server.Logs.GetSnapshot();
        var suspended = logs.Where(r => r.Id.Name == "DestinationSuspended").ToList();
        Assert.Single(suspended);
        Assert.Contains("monitored", suspended[0].Message, StringComparison.Ordinal);
        Assert.True(suspensions.For("370") >= 1);

        // Every bot send past the threshold is reported as a refusal that did not happen; no real user's is.
        var monitored = logs.Where(r => r.Id.Name == "FraudGuardMonitored").ToList();
        Assert.Equal(BotUsers - o.MinSends, monitored.Count);
        Assert.All(monitored, r => Assert.Contains("+*******", r.Message, StringComparison.Ordinal));
    }

    private sealed record Run(int BotSent, int BotRefused, List<int> RetryAfter, int RealVerified, int RealRefused, List<string> BotChallenges);

    /// <summary>The bot's 200 sends, with a real user's full login after every fifth.</summary>
    private static async Task<Run> RunAsync(LocalServerHost server)
    {
        for (var i = 0; i < BotUsers; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await server.Client.PutAsJsonAsync($"api/users?tenant=acme&userId=bot{i}", new { mobile = BotNumber(i) })).StatusCode);
        }

        for (var i = 0; i < RealUsers; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await server.Client.PutAsJsonAsync($"api/users?tenant=acme&userId=real{i}", new { mobile = RealNumber(i) })).StatusCode);
        }

        int botSent = 0, botRefused = 0, realVerified = 0, realRefused = 0, real = 0;
        var retryAfter = new List<int>();
        var challenges = new List<string>();
        for (var i = 0; i < BotUsers; i++)
        {
            var response = await server.PostAsync("api/otp/send", new { tenant = "acme", userId = $"bot{i}" });
            if (response.StatusCode == HttpStatusCode.OK)
            {
                botSent++;
                challenges.Add((await server.JsonAsync(response)).GetProperty("challengeId").GetString()!);
            }
            else
            {
                await HttpAsserts.AssertProblemAsync(server, response, HttpStatusCode.TooManyRequests, ProblemCodes.DestinationSuspended);
                botRefused++;
                retryAfter.Add((int)response.Headers.RetryAfter!.Delta!.Value.TotalSeconds);
            }

            if (i % (BotUsers / RealUsers) == 0 && real < RealUsers)
            {
                var (verified, refused) = await LoginAsync(server, real++);
                realVerified += verified ? 1 : 0;
                realRefused += refused ? 1 : 0;
            }
        }

        return new Run(botSent, botRefused, retryAfter, realVerified, realRefused, challenges);
    }

    private static async Task<(bool Verified, bool Refused)> LoginAsync(LocalServerHost server, int i)
    {
        var send = await server.PostAsync("api/otp/send", new { tenant = "acme", userId = $"real{i}" });
        if (send.StatusCode != HttpStatusCode.OK)
        {
            return (false, true);
        }

        var id = (await server.JsonAsync(send)).GetProperty("challengeId").GetString()!;
        var code = await CodeForAsync(server, RealNumber(i));
        var verify = await server.JsonAsync(await server.PostAsync("api/otp/verify", new { challengeId = id, code }));
        return (verify.GetProperty("status").GetString() == "verified", false);
    }

    private static async Task<string> CodeForAsync(LocalServerHost server, string number)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (true)
        {
            var entries = (await server.JsonAsync(await server.Client.GetAsync("api/dev/outbox"))).EnumerateArray();
            if (entries.LastOrDefault(e => e.GetProperty("to").GetString() == number) is { ValueKind: JsonValueKind.Object } entry)
            {
                return entry.GetProperty("code").GetString()!;
            }

            Assert.True(DateTime.UtcNow < deadline, "no SMS for a real user");
            await Task.Delay(25);
        }
    }
}
