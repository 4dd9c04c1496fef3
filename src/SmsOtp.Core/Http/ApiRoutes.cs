namespace SmsOtp.Core.Http;

/// <summary>The route table both hosts serve (spec §2).</summary>
public static class ApiRoutes
{
    public static IReadOnlyList<ApiRoute> All { get; } =
    [
        new("OtpSend", "POST", "otp/send", false, (h, r, c) => h.SendAsync(r, c)),
        new("OtpMobile", "POST", "otp/mobile", false, (h, r, c) => h.MobileAsync(r, c)),
        new("OtpVerify", "POST", "otp/verify", false, (h, r, c) => h.VerifyAsync(r, c)),
        new("OtpResend", "POST", "otp/resend", false, (h, r, c) => h.ResendAsync(r, c)),
        new("OtpStatus", "GET", "otp/status", false, (h, r, c) => h.StatusAsync(r, c)),
        new("UserGet", "GET", "users", false, (h, r, c) => h.GetUserAsync(r, c)),
        new("UserPut", "PUT", "users", false, (h, r, c) => h.PutUserAsync(r, c)),
        new("UserDelete", "DELETE", "users", false, (h, r, c) => h.DeleteUserAsync(r, c)),
        new("BackupCodesGenerate", "POST", "users/backup-codes", false, (h, r, c) => h.GenerateBackupCodesAsync(r, c)),
        new("BackupCodesImport", "PUT", "users/backup-codes", false, (h, r, c) => h.ImportBackupCodesAsync(r, c)),
        new("UserUnlock", "POST", "users/unlock", false, (h, r, c) => h.UnlockAsync(r, c)),
        new("UserDevicesRevoke", "DELETE", "users/devices", false, (h, r, c) => h.RevokeDevicesAsync(r, c)),
        new("Health", "GET", "health", true, (h, r, c) => h.HealthAsync(r, c)),
        new("OpenApiDocument", "GET", "openapi.json", true, (h, r, c) => h.OpenApiAsync(r, c)),

        // Delivery receipts (spec §8): anonymous at the host, each proves itself by its provider's scheme.
        new("DeliveryReceipt", "POST", "delivery/receipts/{provider}", true, (h, r, c) => h.ReceiptAsync(r, c)),

        // Hosted pages (spec §2.7): anonymous pages for the browser, and the app's server-side redeem.
        new("OtpResult", "POST", "otp/result", false, (h, r, c) => h.RedeemResultAsync(r, c)),
        new("PageOtp", "GET", "pages/otp", true, (h, r, c) => h.PageViewAsync(r, c)),
        new("PageOtpVerify", "POST", "pages/otp/verify", true, (h, r, c) => h.PageVerifyAsync(r, c)),
        new("PageOtpResend", "POST", "pages/otp/resend", true, (h, r, c) => h.PageResendAsync(r, c)),
        new("PageOtpMobile", "POST", "pages/otp/mobile", true, (h, r, c) => h.PageMobileAsync(r, c)),
        new("PageStyles", "GET", "pages/pages.css", true, (h, r, c) => h.PageStylesAsync(r, c)),
        new("PageScript", "GET", "pages/webotp.js", true, (h, r, c) => h.PageScriptAsync(r, c)),
    ];
}
