namespace SmsOtp.Tests.Phone;

/// <summary>SmsOtp:AllowedCountryCodes wherever a number enters, and at send time for numbers stored earlier.</summary>
public sealed class CountryAllowListTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task Profile_put_refuses_a_number_of_another_country_and_stores_nothing()
    {
        await using var server = await LocalServerHost.StartAsync(new Dictionary<string, string?> { ["SmsOtp:AllowedCountryCodes"] = "94,1" });
        var refused = await server.Client.PutAsync("api/users?tenant=acme&userId=alice", HttpAsserts.Json("""{"mobile":"+44 7911 123456"}"""));
        await HttpAsserts.AssertProblemAsync(server, refused, HttpStatusCode.Forbidden, ProblemCodes.CountryNotAllowed);
        Assert.Equal(HttpStatusCode.NotFound, (await server.Client.GetAsync("api/users?tenant=acme&userId=alice")).StatusCode);

        var allowed = await server.Client.PutAsync("api/users?tenant=acme&userId=alice", HttpAsserts.Json("""{"mobile":"+94 77 888 8888"}"""));
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
    }

    [Fact]
    public async Task Mobile_submission_refuses_a_number_of_another_country_and_queues_nothing()
    {
        await using var server = await LocalServerHost.StartAsync(new Dictionary<string, string?>
        {
            ["SmsOtp:AllowedCountryCodes"] = "94",
            ["SmsOtp:Mandatory"] = "true",
            ["SmsOtp:SendOtpDirectlyToMobile"] = "true",
        });
        var send = await server.JsonAsync(await server.PostAsync("api/otp/send", new { tenant = "acme", userId = "stranger" }));
        Assert.Equal(OtpStatuses.MobileRequired, send.GetProperty("status").GetString());
        var id = send.GetProperty("challengeId").GetString();

        var refused = await server.PostAsync("api/otp/mobile", new { challengeId = id, mobile = "+1 650 253 0000" });
        await HttpAsserts.AssertProblemAsync(server, refused, HttpStatusCode.Forbidden, ProblemCodes.CountryNotAllowed);
        await Task.Delay(300);
        Assert.Empty(await server.OutboxAsync(1, TimeSpan.FromMilliseconds(200)));

        // The challenge still waits for an allowed number.
        var ok = await server.PostAsync("api/otp/mobile", new { challengeId = id, mobile = "+94778888888" });
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
    }

    [Fact]
    public async Task Send_refuses_a_number_stored_before_the_list_changed()
    {
        await using var h = await ServiceHarness.CreateAsync();
        var user = new UserKey("acme", "legacy");
        await h.CreateUserAsync(user, "+447911123456");

        var configuration = (IConfigurationRoot)h.Services.GetRequiredService<IConfiguration>();
        configuration["SmsOtp:AllowedCountryCodes"] = "94";
        configuration.Reload();

        var refused = await h.Otp.SendAsync(user, None);
        Assert.Equal(403, refused.Problem?.Status);
        Assert.Equal(ProblemCodes.CountryNotAllowed, refused.Problem!.Code);
        Assert.Equal(0, (await h.QueueClient.GetPropertiesAsync()).Value.ApproximateMessagesCount);
        Assert.Equal(0, await h.DeliverAllAsync());
        Assert.Empty(h.Sender.Sent);

        // And the number was not echoed in the problem.
        Assert.DoesNotContain("7911123456", refused.Problem.Detail, StringComparison.Ordinal);
    }
}
