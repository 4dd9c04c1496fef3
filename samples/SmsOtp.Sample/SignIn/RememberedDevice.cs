using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.DataProtection;

namespace SmsOtp.Sample.SignIn;

/// <summary>
/// "Remember this device": the device token the service gave on verify (or in a redeemed hosted-pages result), kept
/// in this app's own cookie, one per user name on this browser, HttpOnly (no script reads it), sealed by Data
/// Protection (the browser cannot read or swap it) and sent only to <c>/signin</c>, where the next send passes it
/// back. Whoever steals the cookie skips the SMS for that user until it expires or is revoked, but still needs the
/// password: docs/security.md, "Remembered devices".
/// </summary>
public static class RememberedDevice
{
    private const string Purpose = "SmsOtp.Sample.RememberedDevice";

    /// <summary>The user's token on this browser, or null (none, or one this app did not seal for this user).</summary>
    public static string? Read(HttpContext http, string userName)
    {
        if (http.Request.Cookies[CookieName(userName)] is not { Length: > 0 } sealedToken)
        {
            return null;
        }

        try
        {
            var plain = Protector(http).Unprotect(sealedToken);
            var bar = plain.IndexOf('\n', StringComparison.Ordinal);
            return bar > 0 && plain[..bar] == userName ? plain[(bar + 1)..] : null;
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    public static void Save(HttpContext http, string userName, string token, DateTimeOffset? expiresAt) =>
        http.Response.Cookies.Append(CookieName(userName), Protector(http).Protect(userName + "\n" + token), Options(http, expiresAt));

    /// <summary>The service ignored the token (expired or revoked): the cookie is of no use any more.</summary>
    public static void Forget(HttpContext http, string userName) => http.Response.Cookies.Delete(CookieName(userName), Options(http, null));

    private static IDataProtector Protector(HttpContext http) =>
        http.RequestServices.GetRequiredService<IDataProtectionProvider>().CreateProtector(Purpose);

    private static CookieOptions Options(HttpContext http, DateTimeOffset? expiresAt) => new()
    {
        HttpOnly = true,
        Secure = http.Request.IsHttps,
        SameSite = SameSiteMode.Lax,
        Path = "/signin",
        Expires = expiresAt,
        IsEssential = true,
    };

    // One cookie per user on a shared browser; the name tells nobody which user (a hash of the name).
    private static string CookieName(string userName) =>
        "device-" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(userName)))[..16].ToLowerInvariant();
}
