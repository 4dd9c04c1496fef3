using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SmsOtp.Client;
using SmsOtp.Sample.SignIn;

namespace SmsOtp.Sample.Pages.SignIn;

/// <summary>
/// Mobile capture: the service answered <c>mobile_required</c> (mandatory step, no number on the profile). It validates
/// the number, sends the code, and stores the number only once the code is verified (<c>mobileUpdated</c>).
/// </summary>
public sealed class MobileModel(SmsOtpClient otp) : PageModel
{
    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync() =>
        await PendingSignIn.ReadAsync(HttpContext) is { ChallengeId: not null } ? Page() : RedirectToPage("/SignIn/Index");

    public async Task<IActionResult> OnPostAsync(string? mobile, CancellationToken cancellationToken)
    {
        if (await PendingSignIn.ReadAsync(HttpContext) is not { ChallengeId: { } challengeId } pending)
        {
            return RedirectToPage("/SignIn/Index");
        }

        try
        {
            var sent = await otp.SubmitMobileAsync(challengeId, mobile ?? "", cancellationToken);
            await (pending with { MaskedMobile = sent.MaskedMobile }).SaveAsync(HttpContext);
            return RedirectToPage("/SignIn/Code");
        }
        catch (SmsOtpProblemException e) when (e.Code is ProblemCodes.InvalidMobile or ProblemCodes.CountryNotAllowed
                                                   or ProblemCodes.NumberTypeNotAllowed or ProblemCodes.ValidationFailed)
        {
            // The service's detail says what is wrong with the number and never repeats it.
            Error = e.Detail ?? "Please check the number.";
            return Page();
        }
        catch (SmsOtpProblemException e)
        {
            await PendingSignIn.ClearAsync(HttpContext);
            TempData["message"] = OtpMessages.For(e.Code, e.LockedUntil);
            return RedirectToPage("/SignIn/Index");
        }
    }
}
