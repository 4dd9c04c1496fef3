using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using SmsOtp.Client;
using SmsOtp.Sample.SignIn;
using SmsOtp.Sample.Users;

namespace SmsOtp.Sample.Pages.SignIn;

/// <summary>
/// The return URL of the hosted pages: <c>?result=</c> (a one-time token this server redeems with its key) or
/// <c>?error=</c> (a hint only: it never authenticates anything).
/// </summary>
public sealed class CallbackModel(SmsOtpClient otp, DemoUserStore users, IOptions<SampleOptions> options) : PageModel
{
    public async Task<IActionResult> OnGetAsync(string? result, string? error, CancellationToken cancellationToken)
    {
        var pending = await PendingSignIn.ReadAsync(HttpContext);
        if (pending is null || (result is null && error is null))
        {
            return await EndAsync("Your sign-in has expired. Please sign in again.");
        }

        if (result is null)
        {
            return await EndAsync(OtpMessages.For(error!));
        }

        VerifyResult verified;
        try
        {
            verified = await otp.RedeemResultAsync(result, cancellationToken);
        }
        catch (SmsOtpProblemException e)
        {
            return await EndAsync(OtpMessages.For(e.Code));
        }

        // A redeemed result authenticates only the user this browser's sign-in is for.
        if (!verified.IsVerified || verified.Tenant != options.Value.Tenant || verified.UserId != pending.UserName
            || users.Find(pending.UserName) is not { } user)
        {
            return await EndAsync(OtpMessages.For("mismatch"));
        }

        await SignInCompletion.CompleteAsync(HttpContext, user, verified.Method ?? VerifyMethods.Sms);
        if (verified.DeviceToken is { } token)
        {
            // The hosted page's "remember this device": the token comes only in this server-side redemption, never in a URL.
            RememberedDevice.Save(HttpContext, user.UserName, token, verified.DeviceTokenExpiresAt);
        }

        if (verified.MobileUpdated == true)
        {
            TempData["message"] = "Your mobile number is verified and saved for your next sign-in.";
        }

        return LocalRedirect("/");
    }

    private async Task<IActionResult> EndAsync(string message)
    {
        await PendingSignIn.ClearAsync(HttpContext);
        TempData["message"] = message;
        return RedirectToPage("/SignIn/Index");
    }
}
