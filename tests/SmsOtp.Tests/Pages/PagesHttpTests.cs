using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Time.Testing;

namespace SmsOtp.Tests.Pages;

/// <summary>The pages over plain HTTP (no browser): the result token's one-time and expiry rules, and the send contract.</summary>
public sealed class PagesHttpTests
{
    private const string ReturnUrl = "https://app.example/cb";

    [Fact]
    public async Task Send_without_return_url_has_no_page_url_and_with_one_has_it()
    {
        await using var host = await StartAsync();
        await PutUserAsync(host, "alice");

        var plain = await host.JsonAsync(await host.PostAsync("api/otp/send", new { tenant = "acme", userId = "alice" }));
        Assert.False(plain.TryGetProperty("pageUrl", out _));

        var with = await host.JsonAsync(await host.PostAsync("api/otp/send", new { tenant = "acme", userId = "alice", returnUrl = ReturnUrl }));
        Assert.Equal("sent", with.GetProperty("status").GetString());
        Assert.StartsWith(host.BaseAddress + "api/pages/otp?flow=", with.GetProperty("pageUrl").GetString());

        var wrongType = await host.PostAsync("api/otp/send", new { tenant = "acme", userId = "alice", returnUrl = 5 });
        Assert.Equal(HttpStatusCode.BadRequest, wrongType.StatusCode);
    }

    [Fact]
    public async Task Public_base_url_replaces_the_request_origin()
    {
        await using var host = await StartAsync(new() { ["SmsOtp:Pages:PublicBaseUrl"] = "https://otp.example.com" });
        await PutUserAsync(host, "alice");
        var sent = await host.JsonAsync(await host.PostAsync("api/otp/send", new { tenant = "acme", userId = "alice", returnUrl = ReturnUrl }));
        Assert.StartsWith("https://otp.example.com/api/pages/otp?flow=", sent.GetProperty("pageUrl").GetString());
    }

    [Fact]
    public async Task Parallel_redeems_of_one_result_give_exactly_one_verified_body()
    {
        await using var host = await StartAsync();
        var result = await VerifyOnPageAsync(host, "bob");

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => host.PostAsync("api/otp/result", new { result })));
        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.OK);
        Assert.Equal(7, responses.Count(r => r.StatusCode == HttpStatusCode.NotFound));
        var ok = await host.JsonAsync(responses.Single(r => r.StatusCode == HttpStatusCode.OK));
        Assert.Equal("verified", ok.GetProperty("status").GetString());
        Assert.Equal("bob", ok.GetProperty("userId").GetString());
    }

    [Fact]
    public async Task A_result_expires_and_unknown_or_malformed_results_are_not_found()
    {
        await using var host = await StartAsync();
        var result = await VerifyOnPageAsync(host, "carol");
        ((FakeTimeProvider)host.Services.GetRequiredService<TimeProvider>()).Advance(TimeSpan.FromSeconds(301));

        foreach (var token in new[] { result, "x", new string('A', 64), new string('!', 64) })
        {
            var response = await host.PostAsync("api/otp/result", new { result = token });
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Equal("result_not_found", (await host.JsonAsync(response)).GetProperty("code").GetString());
        }

        Assert.Equal(HttpStatusCode.BadRequest, (await host.PostAsync("api/otp/result", new { })).StatusCode);
    }

    [Fact]
    public async Task Result_redeem_needs_the_api_key_and_pages_do_not()
    {
        await using var host = await StartAsync(new() { ["SmsOtp:LocalApiKey"] = "secret-key" });
        Assert.Equal(HttpStatusCode.Unauthorized, (await host.PostAsync("api/otp/result", new { result = "x" })).StatusCode);
        var page = await host.Client.GetAsync("api/pages/otp?flow=broken");
        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType!.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, (await host.Client.GetAsync("api/pages/otp?flow=" + new string('!', 200))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await host.Client.GetAsync("api/pages/pages.css")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await host.Client.GetAsync("api/pages/webotp.js")).StatusCode);
    }

    [Fact]
    public async Task Page_logs_hold_neither_code_nor_number()
    {
        await using var host = await StartAsync();
        await VerifyOnPageAsync(host, "dave");
        var code = (await host.OutboxAsync(1))[0].GetProperty("code").GetString()!;
        foreach (var record in host.Logs.GetSnapshot())
        {
            Assert.DoesNotContain(code, record.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("778888888", record.Message, StringComparison.Ordinal);
        }
    }

    /// <summary>Sends with a return URL, loads the page and posts the right code as a browser would; returns the result token.</summary>
    private static async Task<string> VerifyOnPageAsync(LocalServerHost host, string userId)
    {
        await PutUserAsync(host, userId);
        var sent = await host.JsonAsync(await host.PostAsync("api/otp/send", new { tenant = "acme", userId, returnUrl = ReturnUrl }));
        var pageUrl = sent.GetProperty("pageUrl").GetString()!;

        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() }) { BaseAddress = host.BaseAddress };
        var html = await browser.GetStringAsync(pageUrl);
        var outbox = await host.OutboxAsync(1);
        var code = outbox.Last().GetProperty("code").GetString()!;

        var post = await browser.PostAsync("api/pages/otp/verify", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["flow"] = Hidden(html, "flow"),
            ["csrf"] = Hidden(html, "csrf"),
            ["code"] = code,
        }));
        Assert.Equal(HttpStatusCode.SeeOther, post.StatusCode);
        var location = post.Headers.Location!.ToString();
        Assert.StartsWith(ReturnUrl + "?result=", location);
        return Uri.UnescapeDataString(location[(ReturnUrl + "?result=").Length..]);
    }

    private static string Hidden(string html, string name) =>
        WebUtility.HtmlDecode(Regex.Match(html, "name=\"" + name + "\" value=\"([^\"]*)\"").Groups[1].Value);

    private static async Task PutUserAsync(LocalServerHost host, string userId) =>
        (await host.Client.PutAsJsonAsync("api/users?tenant=acme&userId=" + userId, new { mobile = "+94778888888" })).EnsureSuccessStatusCode();

    private static Task<LocalServerHost> StartAsync(Dictionary<string, string?>? settings = null)
    {
        settings ??= [];
        settings["SmsOtp:Pages:AllowedReturnUrls:0"] = ReturnUrl;
        return LocalServerHost.StartAsync(settings, b => b.Services.AddSingleton<TimeProvider>(
            new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 8, 0, 0, TimeSpan.Zero))));
    }
}
