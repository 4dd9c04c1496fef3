using System.Net.Http.Json;
using System.Text.RegularExpressions;

namespace SmsOtp.Tests.RateLimiting;

/// <summary>The hosted pages count their sends by the connection's address (spec §9: "the hosted pages use the request's").</summary>
public sealed class PagesClientIpTests
{
    private const string ReturnUrl = "https://app.example/cb";

    [Fact]
    public async Task Page_resends_count_against_the_connections_address()
    {
        await using var host = await LocalServerHost.StartAsync(new Dictionary<string, string?>
        {
            ["SmsOtp:Pages:AllowedReturnUrls:0"] = ReturnUrl,
            ["SmsOtp:ResendCooldownSeconds"] = "0",
            ["SmsOtp:RateLimits:SendsPerIpPerHour"] = "2",
        });
        (await host.Client.PutAsJsonAsync("api/users?tenant=acme&userId=pat", new { mobile = "+94778888888" })).EnsureSuccessStatusCode();

        // The app's send names no address; the page's resends come from this test's loopback connection.
        var sent = await host.JsonAsync(await host.PostAsync("api/otp/send", new { tenant = "acme", userId = "pat", returnUrl = ReturnUrl }));
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() }) { BaseAddress = host.BaseAddress };
        var html = await browser.GetStringAsync(sent.GetProperty("pageUrl").GetString()!);
        var form = new Dictionary<string, string> { ["flow"] = Hidden(html, "flow"), ["csrf"] = Hidden(html, "csrf") };

        for (var i = 0; i < 2; i++)
        {
            var ok = await browser.PostAsync("api/pages/otp/resend", new FormUrlEncodedContent(form));
            Assert.Equal(HttpStatusCode.SeeOther, ok.StatusCode);
            Assert.Contains("notice=code_sent", ok.Headers.Location!.ToString(), StringComparison.Ordinal);
        }

        var refused = await browser.PostAsync("api/pages/otp/resend", new FormUrlEncodedContent(form));
        Assert.NotEqual(HttpStatusCode.SeeOther, refused.StatusCode);
        Assert.Equal(3, (await host.OutboxAsync(3)).Length);
        Assert.Equal(3, (await host.OutboxAsync(4, TimeSpan.FromMilliseconds(300))).Length);
        Assert.Contains(host.Logs.GetSnapshot(), r => r.Message.Contains("ip rate limit", StringComparison.Ordinal));
        Assert.DoesNotContain(host.Logs.GetSnapshot(), r => r.Category?.StartsWith("SmsOtp", StringComparison.Ordinal) == true && r.Message.Contains("127.0.0.1", StringComparison.Ordinal));
    }

    private static string Hidden(string html, string name) =>
        WebUtility.HtmlDecode(Regex.Match(html, "name=\"" + name + "\" value=\"([^\"]*)\"").Groups[1].Value);
}
