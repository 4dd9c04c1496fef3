using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using SmsOtp.Client;
using SmsOtp.Sample.SignIn;
using SmsOtp.Sample.Users;

namespace SmsOtp.Sample.Pages.SignIn;

/// <summary>The code entry: verify (the SMS code or a backup code) and resend with its countdown.</summary>
public sealed class CodeModel(SmsOtpClient otp, DemoUserStore users, IOptions<SampleOptions> options, TimeProvider time) : PageModel
{
    public string? MaskedMobile { get; private set; }
    public string DeliveryStatus { get; private set; } = "";
    public int AttemptsRemaining { get; private set; }
    public int ResendsRemaining { get; private set; }
    public int ResendWaitSeconds { get; private set; }
    public string? Message { get; private set; }
    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) =>
        await PendingSignIn.ReadAsync(HttpContext) is { ChallengeId: not null } pending
            ? await ShowAsync(pending, TempData["message"] as string, null, cancellationToken)
            : RedirectToPage("/SignIn/Index");

    public async Task<IActionResult> OnPostAsync(string? code, bool rememberDevice, CancellationToken cancellationToken)
    {
        if (await PendingSignIn.ReadAsync(HttpContext) is not { ChallengeId: { } challengeId } pending)
        {
            return RedirectToPage("/SignIn/Index");
        }

        VerifyResult result;
        try
        {
            // Never retried by the client: a repeated wrong code would count twice.
            result = await otp.VerifyAsync(challengeId, code ?? "", rememberDevice, cancellationToken);
        }
        catch (SmsOtpProblemException e)
        {
            return await EndAsync(e.Code, e.LockedUntil);
        }

        if (result.IsVerified)
        {
            // Only "verified" authenticates, and only for the user this sign-in is for.
            if (result.Tenant != options.Value.Tenant || result.UserId != pending.UserName || users.Find(pending.UserName) is not { } user)
            {
                return await EndAsync("mismatch");
            }

            await SignInCompletion.CompleteAsync(HttpContext, user, result.Method ?? VerifyMethods.Sms);
            if (result.DeviceToken is { } token)
            {
                RememberedDevice.Save(HttpContext, user.UserName, token, result.DeviceTokenExpiresAt);
            }

            if (result.MobileUpdated == true)
            {
                TempData["message"] = "Your mobile number is verified and saved for your next sign-in.";
            }

            return LocalRedirect("/");
        }

        return result.Status switch
        {
            VerifyStatus.InvalidCode when result.CanRetry =>
                await ShowAsync(pending, null, $"That code is not right. {result.AttemptsRemaining} attempts remaining.", cancellationToken),
            VerifyStatus.Expired => await ShowAsync(pending, null, OtpMessages.For(VerifyStatus.Expired), cancellationToken),
            _ => await EndAsync(result.Status, result.LockedUntil),
        };
    }

    public async Task<IActionResult> OnPostResendAsync(CancellationToken cancellationToken)
    {
        if (await PendingSignIn.ReadAsync(HttpContext) is not { ChallengeId: { } challengeId } pending)
        {
            return RedirectToPage("/SignIn/Index");
        }

        try
        {
            // Carries an Idempotency-Key: the client's retries after a timeout never send a second SMS.
            await otp.ResendAsync(challengeId, cancellationToken);
            TempData["message"] = "A new code is on its way. The previous code no longer works.";
            return RedirectToPage();
        }
        catch (SmsOtpProblemException e) when (e.Code == ProblemCodes.ResendTooSoon)
        {
            var seconds = (int)Math.Ceiling((e.RetryAfter ?? TimeSpan.Zero).TotalSeconds);
            return await ShowAsync(pending, null, $"Please wait {seconds} seconds before asking for a new code.", cancellationToken);
        }
        catch (SmsOtpProblemException e) when (e.Code is ProblemCodes.ResendLimitReached or ProblemCodes.ResendDisabled)
        {
            return await ShowAsync(pending, null, OtpMessages.For(ProblemCodes.ResendLimitReached), cancellationToken);
        }
        catch (SmsOtpProblemException e)
        {
            return await EndAsync(e.Code, e.LockedUntil);
        }
    }

    /// <summary>The page, from the challenge's status (one read at the service, never an attempt).</summary>
    private async Task<IActionResult> ShowAsync(PendingSignIn pending, string? message, string? error, CancellationToken cancellationToken)
    {
        ChallengeStatus status;
        try
        {
            status = await otp.GetStatusAsync(pending.ChallengeId!, cancellationToken);
        }
        catch (SmsOtpProblemException e)
        {
            return await EndAsync(e.Code);
        }

        switch (status.State)
        {
            case ChallengeStates.AwaitingMobile:
                return RedirectToPage("/SignIn/Mobile");
            case ChallengeStates.Verified:
                return await EndAsync(VerifyStatus.Consumed);
            case ChallengeStates.AttemptsExhausted:
                return await EndAsync(VerifyStatus.AttemptsExhausted);
        }

        if (status.DeliveryFailed && error is null)
        {
            error = OtpMessages.For(ProblemCodes.DeliveryFailed);
        }

        MaskedMobile = pending.MaskedMobile;
        DeliveryStatus = status.DeliveryStatus switch
        {
            DeliveryStatuses.Queued => "sending",
            DeliveryStatuses.Sent or DeliveryStatuses.Delivered => "sent",
            var other => other,
        };
        AttemptsRemaining = status.AttemptsRemaining;
        ResendsRemaining = status.ResendsRemaining;
        // The countdown of "Send a new code" comes from the service, on this app's clock.
        ResendWaitSeconds = Math.Max(0, (int)Math.Ceiling((status.ResendAvailableAt - time.GetUtcNow()).TotalSeconds));
        Message = message;
        Error = error;
        return Page();
    }

    private async Task<IActionResult> EndAsync(string status, DateTimeOffset? lockedUntil = null)
    {
        await PendingSignIn.ClearAsync(HttpContext);
        TempData["message"] = OtpMessages.For(status, lockedUntil);
        return RedirectToPage("/SignIn/Index");
    }
}
