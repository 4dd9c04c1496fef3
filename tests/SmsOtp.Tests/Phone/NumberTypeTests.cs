using PhoneNumbers;

namespace SmsOtp.Tests.Phone;

/// <summary>
/// <c>SmsOtp:BlockedNumberTypes</c> (spec §9) with libphonenumber's own example numbers: each blocked type, in a few
/// regions, is refused with 403 <c>number_type_not_allowed</c> at every entry, and mobile numbers never are.
/// </summary>
public sealed class NumberTypeTests
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly PhoneNumberUtil Util = PhoneNumberUtil.GetInstance();
    private static readonly string[] Regions = ["US", "GB", "DE", "FR", "AU", "IN", "JP", "BR", "IT", "ES", "ZA", "NL", "AT", "CH", "LK", "SE"];

    private static readonly PhoneNumberType[] DefaultBlocked =
    [
        PhoneNumberType.PREMIUM_RATE, PhoneNumberType.SHARED_COST, PhoneNumberType.TOLL_FREE, PhoneNumberType.UAN, PhoneNumberType.VOICEMAIL,
        PhoneNumberType.PAGER,
    ];

    /// <summary>libphonenumber's example number of <paramref name="type"/> in <paramref name="region"/>, as E.164; null when it has none.</summary>
    private static string? Example(string region, PhoneNumberType type) =>
        Util.GetExampleNumberForType(region, type) is { } n ? Util.Format(n, PhoneNumberFormat.E164) : null;

    private static IEnumerable<(string Region, PhoneNumberType Type, string E164)> Examples(IEnumerable<PhoneNumberType> types) =>
        from region in Regions
        from type in types
        let e164 = Example(region, type)
        where e164 is not null
        select (region, type, e164);

    private static MobileNumberParser Parser(string? blocked = PhoneOptions.DefaultBlockedNumberTypes) =>
        new(FixedTenantOptions.Of(new PhoneOptions { BlockedNumberTypes = blocked }));

    [Fact]
    public void Every_default_blocked_type_is_refused_in_every_region_that_has_an_example_and_mobiles_never_are()
    {
        var parser = Parser();
        var cases = Examples(DefaultBlocked).ToList();
        Assert.All(DefaultBlocked, t => Assert.Contains(cases, c => c.Type == t)); // each type tried somewhere
        Assert.All(cases, c =>
        {
            var parsed = parser.Parse(c.E164);
            Assert.True(parsed.Status == MobileParseStatus.NumberTypeNotAllowed, $"{c.Region} {c.Type} example was {parsed.Status}");
            Assert.Equal(MobileParseStatus.NumberTypeNotAllowed, parser.Check(c.E164));
            Assert.DoesNotContain(c.E164[1..], parsed.Error!, StringComparison.Ordinal);
        });

        var mobiles = Examples([PhoneNumberType.MOBILE]).ToList();
        Assert.True(mobiles.Count >= Regions.Length - 1);
        Assert.All(mobiles, c => Assert.Equal(MobileParseStatus.Valid, parser.Parse(c.E164).Status));
    }

    [Fact]
    public void Voip_and_fixed_line_are_refused_only_when_added_and_an_empty_list_blocks_nothing()
    {
        var voip = Examples([PhoneNumberType.VOIP]).ToList();
        Assert.NotEmpty(voip);
        Assert.All(voip, c => Assert.Equal(MobileParseStatus.Valid, Parser().Parse(c.E164).Status));
        Assert.All(voip, c => Assert.Equal(MobileParseStatus.NumberTypeNotAllowed, Parser("VOIP,FIXED_LINE").Parse(c.E164).Status));

        var gbFixed = Example("GB", PhoneNumberType.FIXED_LINE)!;
        Assert.Equal(MobileParseStatus.Valid, Parser().Parse(gbFixed).Status);
        Assert.Equal(MobileParseStatus.NumberTypeNotAllowed, Parser("fixed_line").Parse(gbFixed).Status);
        Assert.All(Examples(DefaultBlocked), c => Assert.Equal(MobileParseStatus.Valid, Parser("").Parse(c.E164).Status));
    }

    [Theory]
    [InlineData("MOBILE")]
    [InlineData("FIXED_LINE_OR_MOBILE")]
    [InlineData("UNKNOWN")]
    [InlineData("PREMIUM")]
    [InlineData("4")]
    public void A_list_naming_a_type_that_cannot_be_blocked_is_refused(string value)
    {
        Assert.False(PhoneOptions.TryParseTypes(value, out _, out var bad));
        Assert.Equal(value, bad);
        Assert.True(PhoneOptions.TryParseTypes(" premium_rate , VOIP ", out var types, out _));
        Assert.Equal(2, types.Count);
    }

    [Fact]
    public async Task Profile_write_refuses_a_blocked_type_over_http_and_stores_nothing()
    {
        await using var server = await LocalServerHost.StartAsync();
        foreach (var (region, type) in new[] { ("GB", PhoneNumberType.PREMIUM_RATE), ("US", PhoneNumberType.TOLL_FREE), ("DE", PhoneNumberType.SHARED_COST) })
        {
            var refused = await server.Client.PutAsync("api/users?tenant=acme&userId=alice", HttpAsserts.Json($$"""{"mobile":"{{Example(region, type)}}"}"""));
            await HttpAsserts.AssertProblemAsync(server, refused, HttpStatusCode.Forbidden, ProblemCodes.NumberTypeNotAllowed);
        }

        Assert.Equal(HttpStatusCode.NotFound, (await server.Client.GetAsync("api/users?tenant=acme&userId=alice")).StatusCode);
        var mobile = await server.Client.PutAsync("api/users?tenant=acme&userId=alice", HttpAsserts.Json($$"""{"mobile":"{{Example("GB", PhoneNumberType.MOBILE)}}"}"""));
        Assert.Equal(HttpStatusCode.OK, mobile.StatusCode);
    }

    [Fact]
    public async Task Mobile_capture_and_direct_refuse_a_blocked_type_and_send_nothing()
    {
        await using var server = await LocalServerHost.StartAsync(new Dictionary<string, string?>
        {
            ["SmsOtp:Mandatory"] = "true",
            ["SmsOtp:SendOtpDirectlyToMobile"] = "true",
        });
        var capture = await server.Client.PutAsync("api/users?tenant=acme&userId=nomobile", HttpAsserts.Json("""{"smsOtpDisabled":false}"""));
        Assert.Equal(HttpStatusCode.OK, capture.StatusCode);
        foreach (var userId in new[] { "nomobile", "stranger" })
        {
            var sent = await server.JsonAsync(await server.PostAsync("api/otp/send", new { tenant = "acme", userId }));
            Assert.Equal("mobile_required", sent.GetProperty("status").GetString());
            var id = sent.GetProperty("challengeId").GetString();
            foreach (var (region, type) in new[] { ("FR", PhoneNumberType.PREMIUM_RATE), ("AU", PhoneNumberType.TOLL_FREE), ("GB", PhoneNumberType.PAGER) })
            {
                var refused = await server.PostAsync("api/otp/mobile", new { challengeId = id, mobile = Example(region, type) });
                await HttpAsserts.AssertProblemAsync(server, refused, HttpStatusCode.Forbidden, ProblemCodes.NumberTypeNotAllowed);
            }
        }

        Assert.Empty(await server.OutboxAsync(1, TimeSpan.FromMilliseconds(200)));
    }

    [Fact]
    public async Task Send_refuses_a_stored_number_whose_type_became_blocked()
    {
        await using var h = await ServiceHarness.CreateAsync(new Dictionary<string, string?> { ["SmsOtp:BlockedNumberTypes"] = "" });
        var user = new UserKey("acme", "legacy");
        await h.CreateUserAsync(user, Example("GB", PhoneNumberType.VOIP));

        var configuration = (IConfigurationRoot)h.Services.GetRequiredService<IConfiguration>();
        configuration["SmsOtp:BlockedNumberTypes"] = PhoneOptions.DefaultBlockedNumberTypes + ",VOIP";
        configuration.Reload();

        var refused = await h.Otp.SendAsync(user, None);
        Assert.Equal(403, refused.Problem?.Status);
        Assert.Equal(ProblemCodes.NumberTypeNotAllowed, refused.Problem!.Code);
        Assert.Equal(0, await h.DeliverAllAsync());
        Assert.Empty(h.Sender.Sent);
    }
}
