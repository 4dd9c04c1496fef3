using System.Text.RegularExpressions;
using Microsoft.Playwright;
using SmsOtp.Browser.Tests.Infrastructure;
using SmsOtp.Core.Messages.Languages;

namespace SmsOtp.Browser.Tests;

/// <summary>
/// The hosted pages in the challenge's language (spec §10.2), else the browser's <c>Accept-Language</c>:
/// text, <c>lang</c> and <c>dir</c> (Arabic right to left, the masked number kept left to right), and a
/// login completed in each. The screenshots are the ones in docs/languages.md.
/// </summary>
public sealed class PagesLanguageTests
{
    [Theory]
    [InlineData("en", "ltr")]
    [InlineData("ar", "rtl")]
    [InlineData("ta", "ltr")]
    public async Task The_code_page_speaks_the_challenges_locale_and_the_login_completes(string locale, string dir)
    {
        await using var s = await PagesServer.StartAsync();
        await s.CreateUserAsync("alice");
        var sent = await s.SendAsync("alice", locale: locale);
        var texts = PageTexts.For(locale, null);

        var page = await s.Context.NewPageAsync();
        await page.GotoAsync(sent.GetProperty("pageUrl").GetString()!);
        Assert.Equal(locale, await page.Locator("html").GetAttributeAsync("lang"));
        Assert.Equal(dir, await page.Locator("html").GetAttributeAsync("dir"));
        Assert.Equal(PagesServer.AppName, await page.Locator("h1").InnerTextAsync());
        var mobile = page.Locator("main bdi").First;
        Assert.Equal("+*******8888", await mobile.InnerTextAsync());
        // Drawn left to right in every language: the "+" left of the digits, also on a right-to-left page.
        Assert.True(await mobile.EvaluateAsync<bool>("""
            e => { const t = e.firstChild, r = document.createRange();
                   r.setStart(t, 0); r.setEnd(t, 1); const plus = r.getBoundingClientRect().left;
                   r.setStart(t, t.length - 1); r.setEnd(t, t.length); return plus < r.getBoundingClientRect().left; }
            """));
        Assert.Equal(texts[PageTextKeys.CodeTitle], await page.Locator("h2").First.InnerTextAsync());
        await Screenshots.SaveAsync(page, "pages-" + locale);

        await page.GetByLabel(texts[PageTextKeys.CodeLabel], new() { Exact = true }).FillAsync(await s.CodeAsync());
        await page.GetByRole(AriaRole.Button, new() { Name = texts[PageTextKeys.CodeSubmit], Exact = true }).ClickAsync();
        await page.WaitForURLAsync(new Regex("^" + Regex.Escape(PagesServer.ReturnUrl) + @"\?result="));
    }

    [Fact]
    public async Task Without_a_locale_the_pages_follow_the_browsers_language()
    {
        await using var s = await PagesServer.StartAsync();
        await s.CreateUserAsync("bob");
        var sent = await s.SendAsync("bob");
        await using var context = await SharedBrowser.NewContextAsync(new BrowserNewContextOptions { Locale = "es-ES" });
        var page = await context.NewPageAsync();
        await page.GotoAsync(sent.GetProperty("pageUrl").GetString()!);
        Assert.Equal("es", await page.Locator("html").GetAttributeAsync("lang"));
        Assert.True(await page.GetByLabel(PageTexts.For("es", null)[PageTextKeys.CodeLabel], new() { Exact = true }).IsVisibleAsync());
    }
}
