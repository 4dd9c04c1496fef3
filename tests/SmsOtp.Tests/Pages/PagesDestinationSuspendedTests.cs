using System.Globalization;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Time.Testing;

namespace SmsOtp.Tests.Pages;

/// <summary>
/// The hosted pages' own text for <c>destination_suspended</c> (spec §15.4), in every shipped language: a resend the
/// fraud guard refuses shows that text, not the rate-limit one.
/// </summary>
public sealed class PagesDestinationSuspendedTests
{
    private const string ReturnUrl = "https://app.example.com/after-otp";

    [Fact]
    public void Every_language_has_its_own_destination_suspended_text()
    {
        foreach (var language in BuiltInTemplates.Locales)
        {
            var texts = PageTexts.For(language, null);
            Assert.False(string.IsNullOrWhiteSpace(texts[PageTextKeys.ErrorDestinationSuspended]), language);
            Assert.NotEqual(texts[PageTextKeys.ErrorRateLimited], texts[PageTextKeys.ErrorDestinationSuspended]);
            Assert.Equal(texts.Texts[PageTextKeys.ErrorDestinationSuspended], texts[PageTextKeys.ErrorDestinationSuspended]); // its own, not English's
        }
    }

    [Fact]
    public async Task A_resend_refused_by_the_guard_shows_the_destination_suspended_text_in_the_page_language()
    {
        var languages = BuiltInTemplates.Locales;
        await using var server = await LocalServerHost.StartAsync(new Dictionary<string, string?>
        {
            ["SmsOtp:Pages:AllowedReturnUrls:0"] = ReturnUrl,
            ["SmsOtp:ResendCooldownSeconds"] = "0",
            ["SmsOtp:FraudGuard:MaxSmsPerHour"] = languages.Count.ToString(CultureInfo.InvariantCulture), // each send passes, each resend is past the cap
        }, b => b.Services.AddSingleton<TimeProvider>(new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 8, 0, 0, TimeSpan.Zero))));

        var pages = new List<(string Language, string Url)>();
        for (var i = 0; i < languages.Count; i++)
        {
            var userId = "u" + i.ToString(CultureInfo.InvariantCulture);
            var mobile = "+947788888" + i.ToString("00", CultureInfo.InvariantCulture);
            (await server.Client.PutAsJsonAsync("api/users?tenant=default&userId=" + userId, new { mobile })).EnsureSuccessStatusCode();
            var sent = await server.JsonAsync(await server.PostAsync("api/otp/send", new { userId, locale = languages[i], returnUrl = ReturnUrl }));
            pages.Add((languages[i], sent.GetProperty("pageUrl").GetString()!));
        }

        foreach (var (language, url) in pages)
        {
            using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() }) { BaseAddress = server.BaseAddress };
            var html = await browser.GetStringAsync(url);
            var post = await browser.PostAsync("api/pages/otp/resend", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["flow"] = Hidden(html, "flow"),
                ["csrf"] = Hidden(html, "csrf"),
            }));
            var page = WebUtility.HtmlDecode(await post.Content.ReadAsStringAsync());
            var texts = PageTexts.For(language, null);
            Assert.True(page.Contains(texts[PageTextKeys.ErrorDestinationSuspended], StringComparison.Ordinal), $"{language}: {page}");
            Assert.DoesNotContain(texts[PageTextKeys.ErrorRateLimited], page, StringComparison.Ordinal);
        }
    }

    private static string Hidden(string html, string name) =>
        WebUtility.HtmlDecode(Regex.Match(html, "name=\"" + name + "\" value=\"([^\"]*)\"").Groups[1].Value);
}
