using System.Net.Http.Json;
using System.Net;
using Microsoft.Playwright;
using SmsOtp.Browser.Tests.Infrastructure;

namespace SmsOtp.Browser.Tests;

/// <summary>The mobile and error pages, and what the pages refuse.</summary>
public sealed class PagesStateTests
{
    [Fact]
    public async Task Mobile_capture_asks_for_a_number_then_saves_it_after_the_code()
    {
        await using var s = await PagesServer.StartAsync(new Dictionary<string, string?>
        {
            ["SmsOtp:Mandatory"] = "true",
            ["SmsOtp:CaptureAndUpdateMobileNumber"] = "true",
        });
        await s.CreateUserAsync("frank", mobile: null);
        var sent = await s.SendAsync("frank");
        Assert.Equal("mobile_required", sent.GetProperty("status").GetString());

        var page = await s.Context.NewPageAsync();
        await page.GotoAsync(sent.GetProperty("pageUrl").GetString()!);
        Assert.Equal("Add your mobile number", await page.Locator("h2").InnerTextAsync());
        var mobile = page.GetByLabel("Mobile number");
        Assert.Equal("tel", await mobile.GetAttributeAsync("type"));
        await Screenshots.SaveAsync(page, "mobile-page");

        await mobile.FillAsync("12");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send code" }).ClickAsync();
        Assert.Contains("too few or too many digits", await page.GetByRole(AriaRole.Alert).InnerTextAsync());
        Assert.DoesNotContain("value=", await page.Locator("#mobile").EvaluateAsync<string>("e => e.outerHTML"));
        await Screenshots.SaveAsync(page, "mobile-page-invalid");

        await page.GetByLabel("Mobile number").FillAsync("+94 77 888 8888");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send code" }).ClickAsync();
        Assert.Contains("+*******8888", await page.Locator("main").InnerTextAsync());
        await page.GetByLabel("Verification code").FillAsync(await s.CodeAsync());
        await page.GetByRole(AriaRole.Button, new() { Name = "Verify", Exact = true }).ClickAsync();
        await page.WaitForURLAsync(PagesServer.ReturnUrl + "?result=*");

        var body = await PagesServer.JsonAsync(await s.RedeemAsync(PagesServer.Query(page.Url, "result")!));
        Assert.Equal("verified", body.GetProperty("status").GetString());
        Assert.True(body.GetProperty("mobileUpdated").GetBoolean());
        var profile = await PagesServer.JsonAsync(await s.Client.GetAsync("api/users?tenant=acme&userId=frank"));
        Assert.Equal("+*******8888", profile.GetProperty("maskedMobile").GetString());
    }

    [Fact]
    public async Task Expired_code_shows_the_expired_page_and_returns_with_the_error()
    {
        await using var s = await PagesServer.StartAsync();
        await s.CreateUserAsync("grace");
        var page = await s.Context.NewPageAsync();
        await page.GotoAsync((await s.SendAsync("grace")).GetProperty("pageUrl").GetString()!);
        var code = await s.CodeAsync();

        s.Time.Advance(TimeSpan.FromSeconds(301));
        await page.GetByLabel("Verification code").FillAsync(code);
        await page.GetByRole(AriaRole.Button, new() { Name = "Verify", Exact = true }).ClickAsync();
        Assert.Equal("This code has expired", await page.Locator("h2").InnerTextAsync());
        Assert.Equal("expired", await page.GetByRole(AriaRole.Alert).GetAttributeAsync("data-status"));
        await Screenshots.SaveAsync(page, "error-expired");

        await page.GetByRole(AriaRole.Link, new() { Name = "Back to " + PagesServer.AppName }).ClickAsync();
        await page.WaitForURLAsync(PagesServer.ReturnUrl + "?error=expired");
    }

    [Fact]
    public async Task Locked_account_shows_the_locked_page_with_its_time_and_the_multi_option_link()
    {
        await using var s = await PagesServer.StartAsync(new Dictionary<string, string?>
        {
            ["SmsOtp:AccountLock:MaxFailedAttempts"] = "2",
            ["SmsOtp:RedirectToMultiOptionPageOnFailure"] = "true",
        });
        await s.CreateUserAsync("heidi");
        var page = await s.Context.NewPageAsync();
        await page.GotoAsync((await s.SendAsync("heidi")).GetProperty("pageUrl").GetString()!);
        var wrong = await s.CodeAsync() == "000000" ? "111111" : "000000";

        for (var i = 0; i < 2; i++)
        {
            await page.GetByLabel("Verification code").FillAsync(wrong);
            await page.GetByRole(AriaRole.Button, new() { Name = "Verify", Exact = true }).ClickAsync();
        }

        Assert.Equal("Your account is locked", await page.Locator("h2").InnerTextAsync());
        var until = s.Time.GetUtcNow().AddSeconds(300).UtcDateTime;
        Assert.Equal(until.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'"), await page.Locator("time").GetAttributeAsync("datetime"));
        await Screenshots.SaveAsync(page, "error-locked");

        // Reloading keeps showing the lock: the page reads the same row the API does.
        await page.ReloadAsync();
        Assert.Equal("Your account is locked", await page.Locator("h2").InnerTextAsync());

        await page.GetByRole(AriaRole.Link, new() { Name = "Try another way to sign in" }).ClickAsync();
        await page.WaitForURLAsync(PagesServer.ReturnUrl + "?error=locked&redirectToMultiOptionPage=true");
    }

    [Theory]
    [InlineData("https://evil.example/signin/callback")]
    [InlineData("https://app.example/signin/callbackevil")]
    [InlineData("https://app.example@evil.example/signin/callback")]
    [InlineData("http://app.example/signin/callback")]
    [InlineData("https://app.example:8443/signin/callback")]
    [InlineData("https://app.example/signin/callback/../../evil")]
    [InlineData("//evil.example/signin/callback")]
    [InlineData("javascript:alert(1)")]
    public async Task A_return_url_not_on_the_allow_list_is_refused(string returnUrl)
    {
        await using var s = await PagesServer.StartAsync();
        await s.CreateUserAsync("ivan");
        var response = await s.Client.PostAsJsonAsync("api/otp/send", new { tenant = "acme", userId = "ivan", returnUrl });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("return_url_not_allowed", (await PagesServer.JsonAsync(response)).GetProperty("code").GetString());

        // Refused before anything happened: no challenge, no SMS.
        var outbox = await PagesServer.JsonAsync(await s.Client.GetAsync("api/dev/outbox"));
        Assert.Equal(0, outbox.GetArrayLength());
    }

    [Fact]
    public async Task A_form_post_without_its_csrf_token_is_refused()
    {
        await using var s = await PagesServer.StartAsync();
        await s.CreateUserAsync("judy");
        var pageUrl = (await s.SendAsync("judy")).GetProperty("pageUrl").GetString()!;
        var page = await s.Context.NewPageAsync();
        await page.GotoAsync(pageUrl);
        var code = await s.CodeAsync();

        // In the browser (cookie present): the hidden field removed.
        await page.Locator("#verify-form input[name=csrf]").EvaluateAsync("e => e.remove()");
        await page.GetByLabel("Verification code").FillAsync(code);
        var refused = await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "Verify", Exact = true }).ClickAsync(),
            r => r.Url.EndsWith("/api/pages/otp/verify", StringComparison.Ordinal));
        Assert.Equal(403, refused.Status);
        Assert.Equal("Your session has expired", await page.Locator("h2").InnerTextAsync());
        await Screenshots.SaveAsync(page, "error-csrf");

        // Outside the browser (no cookie): a right-looking token from elsewhere does not help.
        var flow = PagesServer.Query(pageUrl, "flow")!;
        var forged = await s.Client.PostAsync("api/pages/otp/verify", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["flow"] = flow,
            ["csrf"] = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
            ["code"] = code,
        }));
        Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);

        // Neither post was evaluated: the page still offers every attempt and the right code still works.
        await page.GotoAsync(pageUrl);
        Assert.Contains("3 attempts remaining", await page.Locator("#attempts").InnerTextAsync());
        await page.GetByLabel("Verification code").FillAsync(code);
        await page.GetByRole(AriaRole.Button, new() { Name = "Verify", Exact = true }).ClickAsync();
        await page.WaitForURLAsync(PagesServer.ReturnUrl + "?result=*");
    }

    [Fact]
    public async Task A_tampered_flow_token_gets_the_invalid_link_page()
    {
        await using var s = await PagesServer.StartAsync();
        await s.CreateUserAsync("ken");
        var pageUrl = (await s.SendAsync("ken")).GetProperty("pageUrl").GetString()!;
        var tampered = pageUrl[..^2] + (pageUrl[^2] == 'A' ? "B" : "A") + pageUrl[^1];
        var page = await s.Context.NewPageAsync();
        var response = await page.GotoAsync(tampered);
        Assert.Equal(404, response!.Status);
        Assert.Equal("This link is not valid", await page.Locator("h2").InnerTextAsync());
        Assert.Equal(0, await page.Locator("a#continue").CountAsync());
    }
}
