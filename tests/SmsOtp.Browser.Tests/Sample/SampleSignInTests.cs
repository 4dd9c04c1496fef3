using System.Text.RegularExpressions;
using Microsoft.Playwright;
using SmsOtp.Browser.Tests.Infrastructure;

namespace SmsOtp.Browser.Tests.Sample;

/// <summary>
/// The sample app (samples/SmsOtp.Sample) signs users in through both paths in Chromium: its own pages over
/// <c>SmsOtpClient</c> (code entry, resend, mobile capture, backup codes) and the service's hosted pages.
/// </summary>
public sealed class SampleSignInTests
{
    [Fact]
    public async Task Api_path_code_entry_with_resend_then_a_wrong_and_a_right_code()
    {
        await using var s = await SampleServer.StartAsync();
        var page = await s.SignInAsync("alice");
        await page.WaitForURLAsync(new Regex("/signin/code$"));
        Assert.Contains("+*******8888", await page.Locator("#sent-to").InnerTextAsync());
        Assert.Contains("3 attempts remaining", await page.Locator("#attempts").InnerTextAsync());

        // The countdown comes from the service's resendAvailableAt (30 s cooldown by default).
        var resend = page.Locator("#resend");
        Assert.True(await resend.IsDisabledAsync());
        Assert.Matches(@"Send a new code \(\d+ s\)", await resend.InnerTextAsync());
        await Screenshots.SaveAsync(page, "sample-code-page");
        var first = await s.CodeAsync(1);

        s.Time.Advance(TimeSpan.FromSeconds(31));
        await page.ReloadAsync();
        Assert.True(await resend.IsEnabledAsync());
        await resend.ClickAsync();
        await page.WaitForURLAsync(new Regex("/signin/code$"));
        Assert.Contains("A new code is on its way", await page.Locator("#message").InnerTextAsync());
        var second = await s.CodeAsync(2);
        Assert.True(await resend.IsDisabledAsync()); // a new cooldown

        // The first code stopped working with the resend: it is now a wrong code.
        await page.GetByLabel("Code from the SMS, or a backup code").FillAsync(first != second ? first : "000000");
        await page.GetByRole(AriaRole.Button, new() { Name = "Verify", Exact = true }).ClickAsync();
        Assert.Contains("That code is not right. 2 attempts remaining.", await page.Locator("#error").InnerTextAsync());

        await page.GetByLabel("Code from the SMS, or a backup code").FillAsync(second);
        await page.GetByRole(AriaRole.Button, new() { Name = "Verify", Exact = true }).ClickAsync();
        await s.WaitForHomeAsync(page);
        Assert.Equal("Hello, Alice", await page.Locator("#welcome").InnerTextAsync());
        Assert.Contains("password + SMS code", await page.Locator("#factors").InnerTextAsync());
    }

    [Fact]
    public async Task Api_path_captures_the_mobile_of_a_user_without_one()
    {
        await using var s = await SampleServer.StartAsync();
        var page = await s.SignInAsync("bob");
        await page.WaitForURLAsync(new Regex("/signin/mobile$"));

        var mobile = page.GetByLabel("Mobile number (with the country code, e.g. +94 77 123 4567)");
        await mobile.FillAsync("12");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send the code" }).ClickAsync();
        Assert.False(string.IsNullOrWhiteSpace(await page.Locator("#error").InnerTextAsync()));
        Assert.Empty(await s.Service.OutboxAsync(0));

        await mobile.FillAsync("+94 77 123 4567");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send the code" }).ClickAsync();
        await page.WaitForURLAsync(new Regex("/signin/code$"));
        Assert.Contains("+*******4567", await page.Locator("#sent-to").InnerTextAsync());
        // Not stored before the code is verified (capture mode).
        Assert.False((await s.ProfileAsync("bob")).TryGetProperty("maskedMobile", out _));

        await page.GetByLabel("Code from the SMS, or a backup code").FillAsync(await s.CodeAsync(1));
        await page.GetByRole(AriaRole.Button, new() { Name = "Verify", Exact = true }).ClickAsync();
        await s.WaitForHomeAsync(page);
        Assert.Equal("Hello, Bob", await page.Locator("#welcome").InnerTextAsync());
        Assert.Contains("verified and saved", await page.Locator("#message").InnerTextAsync());
        Assert.Equal("+*******4567", (await s.ProfileAsync("bob")).GetProperty("maskedMobile").GetString());
    }

    [Fact]
    public async Task Api_path_accepts_a_backup_code_generated_after_a_sign_in()
    {
        await using var s = await SampleServer.StartAsync();
        var page = await s.SignInAsync("alice");
        await page.WaitForURLAsync(new Regex("/signin/code$"));
        await page.GetByLabel("Code from the SMS, or a backup code").FillAsync(await s.CodeAsync(1));
        await page.GetByRole(AriaRole.Button, new() { Name = "Verify", Exact = true }).ClickAsync();
        await s.WaitForHomeAsync(page);
        Assert.Contains("0 unused backup codes", await page.Locator("#backup-remaining").InnerTextAsync());

        await page.GetByRole(AriaRole.Button, new() { Name = "Generate new backup codes" }).ClickAsync();
        var codes = await page.Locator("#backup-codes code").AllInnerTextsAsync();
        Assert.Equal(10, codes.Count);
        await Screenshots.SaveAsync(page, "sample-backup-codes");

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Sign in" }).ClickAsync();
        await SampleServer.SignInOnAsync(page, "alice");
        await page.WaitForURLAsync(new Regex("/signin/code$"));
        await page.GetByLabel("Code from the SMS, or a backup code").FillAsync(codes[3]);
        await page.GetByRole(AriaRole.Button, new() { Name = "Verify", Exact = true }).ClickAsync();
        await s.WaitForHomeAsync(page);
        Assert.Contains("password + backup code", await page.Locator("#factors").InnerTextAsync());
        Assert.Contains("9 unused backup codes", await page.Locator("#backup-remaining").InnerTextAsync());
    }

    [Fact]
    public async Task Hosted_pages_path_redirects_to_the_service_and_back_to_a_redeemed_result()
    {
        await using var s = await SampleServer.StartAsync();
        var page = await s.SignInAsync("alice", hosted: true);
        await page.WaitForURLAsync(new Regex("^" + Regex.Escape(s.Service.BaseAddress.AbsoluteUri + "api/pages/otp?flow=")));
        Assert.Contains("+*******8888", await page.Locator("main").InnerTextAsync());
        await Screenshots.SaveAsync(page, "sample-hosted-code-page");

        await page.GetByLabel("Verification code").FillAsync(await s.CodeAsync(1));
        await page.GetByRole(AriaRole.Button, new() { Name = "Verify", Exact = true }).ClickAsync();
        // The pages return to /signin/callback?result=..., which the sample redeems server-side, then home.
        await s.WaitForHomeAsync(page);
        Assert.Equal("Hello, Alice", await page.Locator("#welcome").InnerTextAsync());
        Assert.Contains("password + SMS code", await page.Locator("#factors").InnerTextAsync());
    }
}
