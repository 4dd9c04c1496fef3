namespace SmsOtp.Tests.Pages;

public sealed class PageTokensTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task Flow_token_round_trips_and_hides_the_challenge_id()
    {
        await using var h = await ServiceHarness.CreateAsync();
        var tokens = h.Services.GetRequiredService<PageTokens>();
        var id = ChallengeId.New(new UserKey("acme", "alice").PartitionKey);
        var flow = new FlowToken(id, new DateTimeOffset(2026, 11, 26, 9, 0, 0, TimeSpan.Zero), "https://app.example/cb?state=1");

        var text = await tokens.SealFlowAsync(flow, None);
        Assert.DoesNotContain(id.ToString(), text, StringComparison.Ordinal);
        Assert.DoesNotContain("app.example", text, StringComparison.Ordinal);
        Assert.Equal(flow, await tokens.OpenFlowAsync(text, None));

        // Sealed twice, two different tokens (random nonce) for the same content.
        Assert.NotEqual(text, await tokens.SealFlowAsync(flow, None));
    }

    [Fact]
    public async Task Flow_token_refuses_tampering_truncation_and_other_keys()
    {
        await using var h = await ServiceHarness.CreateAsync();
        await using var other = await ServiceHarness.CreateAsync(new Dictionary<string, string?>
        {
            ["SmsOtp:Secrets:otp-hmac-key"] = Convert.ToBase64String(Enumerable.Repeat((byte)7, 32).ToArray()),
        });
        var tokens = h.Services.GetRequiredService<PageTokens>();
        var text = await tokens.SealFlowAsync(new FlowToken(ChallengeId.New(new UserKey("acme", "alice").PartitionKey), DateTimeOffset.UnixEpoch, "https://app.example/cb"), None);

        for (var i = 0; i < text.Length - 1; i += 7)
        {
            var flipped = text[..i] + (text[i] == 'A' ? 'B' : 'A') + text[(i + 1)..];
            Assert.Null(await tokens.OpenFlowAsync(flipped, None));
        }

        Assert.Null(await tokens.OpenFlowAsync(text[..^4], None));
        Assert.Null(await tokens.OpenFlowAsync("", None));
        Assert.Null(await tokens.OpenFlowAsync("!!!", None));
        Assert.Null(await tokens.OpenFlowAsync(new string('A', 5000), None));
        Assert.Null(await other.Services.GetRequiredService<PageTokens>().OpenFlowAsync(text, None));
    }

    [Fact]
    public async Task Csrf_token_is_bound_to_the_cookie_and_the_flow()
    {
        await using var h = await ServiceHarness.CreateAsync();
        var tokens = h.Services.GetRequiredService<PageTokens>();
        var cookie = PageTokens.NewCookieNonce();
        var csrf = await tokens.CsrfAsync(cookie, "flow-a", None);

        Assert.True(await tokens.CsrfMatchesAsync(cookie, "flow-a", csrf, None));
        Assert.False(await tokens.CsrfMatchesAsync(PageTokens.NewCookieNonce(), "flow-a", csrf, None));
        Assert.False(await tokens.CsrfMatchesAsync(cookie, "flow-b", csrf, None));
        Assert.False(await tokens.CsrfMatchesAsync(null, "flow-a", csrf, None));
        Assert.False(await tokens.CsrfMatchesAsync(cookie, "flow-a", null, None));
        Assert.False(await tokens.CsrfMatchesAsync("short", "flow-a", csrf, None));
    }

    [Fact]
    public async Task Result_token_names_the_row_and_only_its_hash_is_kept()
    {
        await using var h = await ServiceHarness.CreateAsync();
        var results = h.Services.GetRequiredService<ResultTokens>();
        var id = ChallengeId.New(new UserKey("acme", "alice").PartitionKey);
        var (token, ticket) = await results.NewAsync(id, DateTimeOffset.UnixEpoch, None);
        var hash = ticket.Hash;

        Assert.Equal(id.PartitionKey, ResultTokens.PartitionKeyOf(token));
        Assert.Equal(hash, await results.HashAsync(token, None));
        Assert.DoesNotContain(token, hash, StringComparison.Ordinal);
        Assert.NotEqual(token, (await results.NewAsync(id, DateTimeOffset.UnixEpoch, None)).Token);
        Assert.Null(ResultTokens.PartitionKeyOf("not-a-token"));
        Assert.Null(ResultTokens.PartitionKeyOf(new string('!', token.Length)));
        Assert.False(PageTokens.IsCookieNonce(new string('*', 43)));
    }
}
