using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using SmsOtp.Client;
using SmsOtp.Sample.SignIn;
using SmsOtp.Sample.Users;

namespace SmsOtp.Sample.Pages.SignIn;

/// <summary>The first factor (the app's own password check), then the start of the SMS OTP step.</summary>
public sealed class IndexModel(DemoUserStore users, SmsOtpClient otp, IOptions<SampleOptions> options) : PageModel
{
    [BindProperty]
    public string UserName { get; set; } = "";

    [BindProperty]
    public string Password { get; set; } = "";

    public string? Message { get; private set; }

    public IEnumerable<DemoUser> DemoUsers => users.All;

    public void OnGet() => Message = TempData["message"] as string;

    /// <summary>The SMS OTP step on this app's own pages.</summary>
    public Task<IActionResult> OnPostAsync(CancellationToken cancellationToken) => SignInAsync(hosted: false, cancellationToken);

    /// <summary>The SMS OTP step on the service's hosted pages (redirect, then back to <c>/signin/callback</c>).</summary>
    public Task<IActionResult> OnPostHostedAsync(CancellationToken cancellationToken) => SignInAsync(hosted: true, cancellationToken);

    private async Task<IActionResult> SignInAsync(bool hosted, CancellationToken cancellationToken)
    {
        var user = users.CheckPassword(UserName, Password);
        if (user is null)
        {
            Message = "Wrong user name or password.";
            return Page();
        }

        var tenant = options.Value.Tenant;
        var returnUrl = new Uri($"{Request.Scheme}://{Request.Host}/signin/callback");
        try
        {
            await EnsureProfileAsync(tenant, user, cancellationToken);
            var device = RememberedDevice.Read(HttpContext, user.UserName);
            var send = await otp.SendAsync(new SendRequest(tenant, user.UserName) { ReturnUrl = hosted ? returnUrl : null, DeviceToken = device }, cancellationToken);
            if (device is not null && send.Reason != SendReasons.TrustedDevice)
            {
                RememberedDevice.Forget(HttpContext, user.UserName); // expired or revoked at the service
            }

            switch (send.Status)
            {
                case SendStatus.Skipped when send.Reason == SendReasons.TrustedDevice:
                    // This browser is a device the user asked to remember: the password is the only step this time.
                    await SignInCompletion.CompleteAsync(HttpContext, user, SendReasons.TrustedDevice);
                    return LocalRedirect("/");
                case SendStatus.Skipped:
                    // The step does not apply (opted out, no number and not mandatory): the password alone signs in.
                    await SignInCompletion.CompleteAsync(HttpContext, user, "skipped");
                    return LocalRedirect("/");
                case SendStatus.Sent or SendStatus.MobileRequired:
                    await new PendingSignIn(user.UserName, send.ChallengeId, send.MaskedMobile).SaveAsync(HttpContext);
                    if (hosted)
                    {
                        return Redirect(send.PageUrl!.AbsoluteUri);
                    }

                    return RedirectToPage(send.IsSent ? "/SignIn/Code" : "/SignIn/Mobile");
                default:
                    Message = OtpMessages.For(send.Status);
                    return Page();
            }
        }
        catch (SmsOtpProblemException e) when (e.Code == ProblemCodes.ReturnUrlNotAllowed)
        {
            Message = $"The service does not allow {returnUrl} as a return URL: add it to its SmsOtp:Pages:AllowedReturnUrls.";
            return Page();
        }
        catch (SmsOtpProblemException e)
        {
            Message = OtpMessages.For(e.Code, e.LockedUntil);
            return Page();
        }
    }

    /// <summary>
    /// Demo only: gives the service a profile for a demo user the first time. A real app writes the profile when the
    /// user registers or changes their number (<c>PutUserAsync</c>), or imports its users (tools/SmsOtp.Migrate).
    /// </summary>
    private async Task EnsureProfileAsync(string tenant, DemoUser user, CancellationToken cancellationToken)
    {
        try
        {
            await otp.GetUserAsync(tenant, user.UserName, cancellationToken);
        }
        catch (SmsOtpProblemException e) when (e.Code == ProblemCodes.UserNotFound)
        {
            await otp.PutUserAsync(tenant, user.UserName, new UserUpdate { Mobile = user.Mobile }, cancellationToken);
        }
    }
}
