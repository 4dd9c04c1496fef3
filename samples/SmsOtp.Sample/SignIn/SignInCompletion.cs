using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using SmsOtp.Sample.Users;

namespace SmsOtp.Sample.SignIn;

/// <summary>The last step: the full sign-in cookie, with how the second factor was passed (<c>amr</c>, RFC 8176).</summary>
public static class SignInCompletion
{
    public const string MethodClaim = "amr";

    /// <param name="secondFactor"><c>sms</c>, <c>backup_code</c>, <c>trusted_device</c> (a remembered device), or <c>skipped</c> (the service said the step does not apply).</param>
    public static async Task CompleteAsync(HttpContext http, DemoUser user, string secondFactor)
    {
        await PendingSignIn.ClearAsync(http);
        var identity = new ClaimsIdentity(
            [new(ClaimTypes.Name, user.UserName), new(ClaimTypes.GivenName, user.DisplayName), new(MethodClaim, "pwd"), new(MethodClaim, secondFactor)],
            CookieAuthenticationDefaults.AuthenticationScheme);
        await http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(identity));
    }
}
