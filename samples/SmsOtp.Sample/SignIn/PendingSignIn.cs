using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;

namespace SmsOtp.Sample.SignIn;

/// <summary>
/// A user who passed the password and is in the SMS OTP step: kept in its own short-lived cookie (sealed by
/// Data Protection, so the browser can neither read nor change the challenge id), never in the sign-in cookie.
/// </summary>
public sealed record PendingSignIn(string UserName, string? ChallengeId, string? MaskedMobile)
{
    public const string Scheme = "PendingSmsOtp";
    private const string ChallengeClaim = "smsotp_challenge";
    private const string MaskedMobileClaim = "smsotp_masked_mobile";

    public static async Task<PendingSignIn?> ReadAsync(HttpContext http)
    {
        var result = await http.AuthenticateAsync(Scheme);
        var user = result.Principal;
        return result.Succeeded && user?.FindFirstValue(ClaimTypes.Name) is { } name
            ? new PendingSignIn(name, user.FindFirstValue(ChallengeClaim), user.FindFirstValue(MaskedMobileClaim))
            : null;
    }

    public Task SaveAsync(HttpContext http)
    {
        List<Claim> claims = [new(ClaimTypes.Name, UserName)];
        if (ChallengeId is not null)
        {
            claims.Add(new Claim(ChallengeClaim, ChallengeId));
        }

        if (MaskedMobile is not null)
        {
            claims.Add(new Claim(MaskedMobileClaim, MaskedMobile));
        }

        return http.SignInAsync(Scheme, new ClaimsPrincipal(new ClaimsIdentity(claims, Scheme)));
    }

    public static Task ClearAsync(HttpContext http) => http.SignOutAsync(Scheme);
}
