using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using SmsOtp.Browser.Tests.Infrastructure;

namespace SmsOtp.Browser.Tests;

/// <summary>The hosted pages (spec §2.7) end to end in headless Chromium against the local server on Azurite.</summary>
public sealed class PagesFlowTests
{
    [Fact]
    public async Task Happy_path_from_redirect_to_redeemed_result()
    {
        await using var s = await PagesServer.StartAsync();
        await s.CreateUserAsync("PRIMARY/alice");
        var sent = await s.SendAsync("PRIMARY/alice");
        Assert.Equal("sent", sent.GetProperty("status").GetString());
        var pageUrl = sent.GetProperty("pageUrl").GetString()!;
        Assert.StartsWith(s.BaseAddress + "api/pages/otp?flow=", pageUrl);
        Assert.DoesNotContain(sent.GetProperty("challengeId").GetString()!, pageUrl);

        var page = await s.Context.NewPageAsync();
        var cspErrors = new List<string>();
        page.Console += (_, m) => { if (m.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase)) cspErrors.Add(m.Text); };
        var response = await page.GotoAsync(pageUrl);
        Assert.Equal(200, response!.Status);
        var headers = await response.AllHeadersAsync();
        Assert.Equal("no-store", headers["cache-control"]);
        Assert.Contains("frame-ancestors 'none'", headers["content-security-policy"]);
        Assert.DoesNotContain("unsafe-inline", headers["content-security-policy"]);
        Assert.Contains("HttpOnly", headers["set-cookie"], StringComparison.OrdinalIgnoreCase);
        Assert.Contains("SameSite=Strict", headers["set-cookie"], StringComparison.OrdinalIgnoreCase);

        Assert.Equal(PagesServer.AppName, await page.Locator("h1").InnerTextAsync());
        Assert.Contains("+*******8888", await page.Locator("main").InnerTextAsync());
        var code = page.GetByLabel("Verification code");
        Assert.Equal("one-time-code", await code.GetAttributeAsync("autocomplete"));
        Assert.Equal("numeric", await code.GetAttributeAsync("inputmode"));
        Assert.Contains("3 attempts remaining", await page.Locator("#attempts").InnerTextAsync());
        Assert.True(await page.GetByText("Use a backup code").IsVisibleAsync());
        Assert.True(await page.Locator("#resend").IsDisabledAsync()); // the script counts the cooldown down
        await Screenshots.SaveAsync(page, "code-page");

        await code.FillAsync(await s.CodeAsync());
        await page.GetByRole(AriaRole.Button, new() { Name = "Verify", Exact = true }).ClickAsync();
        await page.WaitForURLAsync(new Regex("^" + Regex.Escape(PagesServer.ReturnUrl) + @"\?result="));

        var result = PagesServer.Query(page.Url, "result")!;
        var redeemed = await s.RedeemAsync(result);
        Assert.Equal(HttpStatusCode.OK, redeemed.StatusCode);
        var body = await PagesServer.JsonAsync(redeemed);
        Assert.Equal("verified", body.GetProperty("status").GetString());
        Assert.Equal("sms", body.GetProperty("method").GetString());
        Assert.Equal("acme", body.GetProperty("tenant").GetString());
        Assert.Equal("PRIMARY/alice", body.GetProperty("userId").GetString());
        Assert.False(body.GetProperty("mobileUpdated").GetBoolean());
        Assert.Empty(cspErrors);
    }

    [Fact]
    public async Task A_replayed_result_is_refused()
    {
        await using var s = await PagesServer.StartAsync();
        await s.CreateUserAsync("bob");
        var page = await s.Context.NewPageAsync();
        await page.GotoAsync((await s.SendAsync("bob")).GetProperty("pageUrl").GetString()!);
        await page.GetByLabel("Verification code").FillAsync(await s.CodeAsync());
        await page.GetByRole(AriaRole.Button, new() { Name = "Verify", Exact = true }).ClickAsync();
        await page.WaitForURLAsync(PagesServer.ReturnUrl + "?result=*");
        var result = PagesServer.Query(page.Url, "result")!;

        Assert.Equal(HttpStatusCode.OK, (await s.RedeemAsync(result)).StatusCode);
        var replay = await s.RedeemAsync(result);
        Assert.Equal(HttpStatusCode.NotFound, replay.StatusCode);
        Assert.Equal("result_not_found", (await PagesServer.JsonAsync(replay)).GetProperty("code").GetString());

        // Going back to the page after success shows the code was used, and offers no form.
        await page.GoBackAsync();
        await page.ReloadAsync();
        Assert.Contains("already used", await page.Locator("h2").InnerTextAsync());
        Assert.Equal(0, await page.Locator("form").CountAsync());
    }

    [Fact]
    public async Task Wrong_code_then_right_code_without_javascript()
    {
        await using var s = await PagesServer.StartAsync(javaScript: false);
        await s.CreateUserAsync("carol");
        var page = await s.Context.NewPageAsync();
        await page.GotoAsync((await s.SendAsync("carol")).GetProperty("pageUrl").GetString()!);
        var right = await s.CodeAsync();
        var wrong = right == "000000" ? "111111" : "000000";

        await page.GetByLabel("Verification code").FillAsync(wrong);
        await page.GetByRole(AriaRole.Button, new() { Name = "Verify", Exact = true }).ClickAsync();
        var alert = page.GetByRole(AriaRole.Alert);
        Assert.Contains("not right", await alert.InnerTextAsync());
        Assert.Contains("2 attempts remaining", await page.Locator("#attempts").InnerTextAsync());
        Assert.Equal("true", await page.GetByLabel("Verification code").GetAttributeAsync("aria-invalid"));
        await Screenshots.SaveAsync(page, "code-page-wrong-code");

        await page.GetByLabel("Verification code").FillAsync(right);
        await page.GetByRole(AriaRole.Button, new() { Name = "Verify", Exact = true }).ClickAsync();
        await page.WaitForURLAsync(PagesServer.ReturnUrl + "?result=*");
        var body = await PagesServer.JsonAsync(await s.RedeemAsync(PagesServer.Query(page.Url, "result")!));
        Assert.Equal("verified", body.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Resend_sends_a_new_code_after_the_cooldown()
    {
        await using var s = await PagesServer.StartAsync();
        await s.CreateUserAsync("dave");
        var page = await s.Context.NewPageAsync();
        await page.GotoAsync((await s.SendAsync("dave")).GetProperty("pageUrl").GetString()!);
        var first = await s.CodeAsync(1);
        Assert.Contains("in 30 seconds", await page.Locator("#resend-hint").InnerTextAsync());
        Assert.True(await page.Locator("#resend").IsDisabledAsync());

        s.Time.Advance(TimeSpan.FromSeconds(31));
        await page.ReloadAsync();
        Assert.True(await page.Locator("#resend").IsEnabledAsync());
        await page.Locator("#resend").ClickAsync();
        Assert.Contains("We sent you a new code", await page.GetByRole(AriaRole.Status).InnerTextAsync());
        await Screenshots.SaveAsync(page, "code-page-resent");
        var second = await s.CodeAsync(2);

        if (first != second)
        {
            // The old code stopped working (it counts as a wrong attempt).
            await page.GetByLabel("Verification code").FillAsync(first);
            await page.GetByRole(AriaRole.Button, new() { Name = "Verify", Exact = true }).ClickAsync();
            Assert.Contains("not right", await page.GetByRole(AriaRole.Alert).InnerTextAsync());
        }

        await page.GetByLabel("Verification code").FillAsync(second);
        await page.GetByRole(AriaRole.Button, new() { Name = "Verify", Exact = true }).ClickAsync();
        await page.WaitForURLAsync(PagesServer.ReturnUrl + "?result=*");
        Assert.Equal(HttpStatusCode.OK, (await s.RedeemAsync(PagesServer.Query(page.Url, "result")!)).StatusCode);
    }

    [Fact]
    public async Task Backup_code_verifies_on_the_page()
    {
        await using var s = await PagesServer.StartAsync();
        await s.CreateUserAsync("erin");
        var import = await s.Client.PutAsync("api/users/backup-codes?tenant=acme&userId=erin",
            new StringContent("""{"codes": ["24681357"]}""", System.Text.Encoding.UTF8, "application/json"));
        import.EnsureSuccessStatusCode();

        var page = await s.Context.NewPageAsync();
        await page.GotoAsync((await s.SendAsync("erin")).GetProperty("pageUrl").GetString()!);
        await page.GetByText("Use a backup code").ClickAsync();
        await page.GetByLabel("Backup code").FillAsync("24681357");
        await Screenshots.SaveAsync(page, "code-page-backup");
        await page.GetByRole(AriaRole.Button, new() { Name = "Verify backup code" }).ClickAsync();
        await page.WaitForURLAsync(PagesServer.ReturnUrl + "?result=*");

        var body = await PagesServer.JsonAsync(await s.RedeemAsync(PagesServer.Query(page.Url, "result")!));
        Assert.Equal("verified", body.GetProperty("status").GetString());
        Assert.Equal("backup_code", body.GetProperty("method").GetString());
    }
}
