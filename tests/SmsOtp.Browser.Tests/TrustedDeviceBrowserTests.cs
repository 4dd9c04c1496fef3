using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using SmsOtp.Browser.Tests.Infrastructure;
using SmsOtp.Browser.Tests.Sample;
using SmsOtp.Core.Messages;
using SmsOtp.Core.Messages.Languages;

namespace SmsOtp.Browser.Tests;

/// <summary>
/// Trusted devices (spec §15.1) in Chromium: the hosted pages' "remember this device" in every shipped language, its
/// token handed over only by the result's redemption (never in a URL), and the sample app's second sign-in without an SMS.
/// </summary>
public sealed class TrustedDeviceBrowserTests
{
    private static readonly Dictionary<string, string?> On = new() { ["SmsOtp:TrustedDevices:Days"] = "30" };

    [Fact]
    public async Task The_code_page_offers_remember_this_device_in_every_shipped_language()
    {
        await using var s = await PagesServer.StartAsync(On);
        var page = await s.Context.NewPageAsync();
        var i = 0;
        foreach (var language in BuiltInTemplates.Locales)
        {
            var user = "polyglot-" + language;
            await s.CreateUserAsync(user, $"+947712345{i++:00}");
            await page.GotoAsync((await s.SendAsync(user, locale: language)).GetProperty("pageUrl").GetString()!);
            var label = PageTexts.For(language, null)[PageTextKeys.RememberDevice];
            var box = page.Locator("#verify-form").GetByLabel(label, new() { Exact = true });
            Assert.Equal("checkbox", await box.GetAttributeAsync("type"));
            Assert.False(await box.IsCheckedAsync()); // never ticked for the user
            Assert.Equal(1, await page.Locator("#backup-form input[name=rememberDevice]").CountAsync());
        }

        // Off for the tenant: no checkbox.
        await using var off = await PagesServer.StartAsync();
        await off.CreateUserAsync("plain");
        var plain = await off.Context.NewPageAsync();
        await plain.GotoAsync((await off.SendAsync("plain")).GetProperty("pageUrl").GetString()!);
        Assert.Equal(0, await plain.Locator("input[name=rememberDevice]").CountAsync());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task The_ticked_box_gives_a_token_only_through_the_redemption(bool ticked)
    {
        await using var s = await PagesServer.StartAsync(On);
        await s.CreateUserAsync("alice");
        var page = await s.Context.NewPageAsync();
        var urls = new List<string>();
        page.Request += (_, r) => urls.Add(r.Url);
        await page.GotoAsync((await s.SendAsync("alice")).GetProperty("pageUrl").GetString()!);

        await page.GetByLabel("Verification code").FillAsync(await s.CodeAsync());
        if (ticked)
        {
            await page.GetByLabel("Remember this device").First.CheckAsync();
            await Screenshots.SaveAsync(page, "code-page-remember-device");
        }

        await page.GetByRole(AriaRole.Button, new() { Name = "Verify", Exact = true }).ClickAsync();
        await page.WaitForURLAsync(new Regex("^" + Regex.Escape(PagesServer.ReturnUrl) + @"\?result="));
        var redeemed = await s.RedeemAsync(PagesServer.Query(page.Url, "result")!);
        Assert.Equal(HttpStatusCode.OK, redeemed.StatusCode);
        var body = await PagesServer.JsonAsync(redeemed);
        Assert.Equal("verified", body.GetProperty("status").GetString());
        Assert.Equal(ticked, body.TryGetProperty("deviceToken", out var token));
        if (ticked)
        {
            Assert.DoesNotContain(urls, u => u.Contains(token.GetString()!, StringComparison.Ordinal));
            var skipped = await PagesServer.JsonAsync(await s.Client.PostAsJsonAsync("api/otp/send", new { tenant = "acme", userId = "alice", deviceToken = token.GetString() }));
            Assert.Equal("trusted_device", skipped.GetProperty("reason").GetString());
        }
    }

    [Fact]
    public async Task The_sample_remembers_the_device_and_the_next_sign_in_sends_no_sms()
    {
        await using var s = await SampleServer.StartAsync();
        var page = await s.SignInAsync("alice");
        await page.WaitForURLAsync(new Regex("/signin/code$"));
        await page.GetByLabel("Code from the SMS, or a backup code").FillAsync(await s.CodeAsync(1));
        await page.GetByLabel("Remember this device").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Verify", Exact = true }).ClickAsync();
        await s.WaitForHomeAsync(page);
        var cookie = Assert.Single(await s.Context.CookiesAsync(), c => c.Name.StartsWith("device-", StringComparison.Ordinal));
        Assert.True(cookie.HttpOnly);
        Assert.Equal("/signin", cookie.Path);

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Sign in" }).ClickAsync();
        await SampleServer.SignInOnAsync(page, "alice");
        await s.WaitForHomeAsync(page);
        Assert.Contains("password + remembered device", await page.Locator("#factors").InnerTextAsync());
        Assert.Single(await s.Service.OutboxAsync(2, TimeSpan.FromSeconds(2))); // only the first sign-in's SMS

        // New backup codes forget the device: the next sign-in asks for a code again, and the stale cookie goes.
        await page.GetByRole(AriaRole.Button, new() { Name = "Generate new backup codes" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Sign in" }).ClickAsync();
        await SampleServer.SignInOnAsync(page, "alice");
        await page.WaitForURLAsync(new Regex("/signin/code$"));
        Assert.DoesNotContain(await s.Context.CookiesAsync(), c => c.Name.StartsWith("device-", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_sample_keeps_the_hosted_pages_token_from_the_redemption()
    {
        await using var s = await SampleServer.StartAsync();
        var page = await s.SignInAsync("alice", hosted: true);
        await page.WaitForURLAsync(new Regex("^" + Regex.Escape(s.Service.BaseAddress.AbsoluteUri + "api/pages/otp?flow=")));
        await page.GetByLabel("Verification code").FillAsync(await s.CodeAsync(1));
        await page.GetByLabel("Remember this device").First.CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Verify", Exact = true }).ClickAsync();
        await s.WaitForHomeAsync(page);

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Sign in" }).ClickAsync();
        await SampleServer.SignInOnAsync(page, "alice", hosted: true);
        await s.WaitForHomeAsync(page);
        Assert.Contains("password + remembered device", await page.Locator("#factors").InnerTextAsync());
        Assert.Single(await s.Service.OutboxAsync(2, TimeSpan.FromSeconds(2))); // only the first sign-in's SMS
    }
}
