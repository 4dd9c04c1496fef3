using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using SmsOtp.Core.Http;

namespace SmsOtp.Functions;

/// <summary>
/// Every HTTP route (spec §2) as a one-line adapter over <see cref="ApiHandlers"/>, in the order of
/// <see cref="ApiRoutes.All"/>; a test holds the generated functions.metadata equal to that table.
/// </summary>
public sealed class ApiFunctions(ApiHandlers api)
{
    private const AuthorizationLevel Key = AuthorizationLevel.Function;
    private const AuthorizationLevel Anonymous = AuthorizationLevel.Anonymous;

    [Function("OtpSend")]
    public Task<IResult> OtpSend([HttpTrigger(Key, "post", Route = "otp/send")] HttpRequest req, CancellationToken ct) => api.SendAsync(req, ct);

    [Function("OtpMobile")]
    public Task<IResult> OtpMobile([HttpTrigger(Key, "post", Route = "otp/mobile")] HttpRequest req, CancellationToken ct) => api.MobileAsync(req, ct);

    [Function("OtpVerify")]
    public Task<IResult> OtpVerify([HttpTrigger(Key, "post", Route = "otp/verify")] HttpRequest req, CancellationToken ct) => api.VerifyAsync(req, ct);

    [Function("OtpResend")]
    public Task<IResult> OtpResend([HttpTrigger(Key, "post", Route = "otp/resend")] HttpRequest req, CancellationToken ct) => api.ResendAsync(req, ct);

    [Function("OtpStatus")]
    public Task<IResult> OtpStatus([HttpTrigger(Key, "get", Route = "otp/status")] HttpRequest req, CancellationToken ct) => api.StatusAsync(req, ct);

    [Function("UserGet")]
    public Task<IResult> UserGet([HttpTrigger(Key, "get", Route = "users")] HttpRequest req, CancellationToken ct) => api.GetUserAsync(req, ct);

    [Function("UserPut")]
    public Task<IResult> UserPut([HttpTrigger(Key, "put", Route = "users")] HttpRequest req, CancellationToken ct) => api.PutUserAsync(req, ct);

    [Function("UserDelete")]
    public Task<IResult> UserDelete([HttpTrigger(Key, "delete", Route = "users")] HttpRequest req, CancellationToken ct) => api.DeleteUserAsync(req, ct);

    [Function("BackupCodesGenerate")]
    public Task<IResult> BackupCodesGenerate([HttpTrigger(Key, "post", Route = "users/backup-codes")] HttpRequest req, CancellationToken ct) =>
        api.GenerateBackupCodesAsync(req, ct);

    [Function("BackupCodesImport")]
    public Task<IResult> BackupCodesImport([HttpTrigger(Key, "put", Route = "users/backup-codes")] HttpRequest req, CancellationToken ct) =>
        api.ImportBackupCodesAsync(req, ct);

    [Function("UserUnlock")]
    public Task<IResult> UserUnlock([HttpTrigger(Key, "post", Route = "users/unlock")] HttpRequest req, CancellationToken ct) => api.UnlockAsync(req, ct);

    [Function("UserDevicesRevoke")]
    public Task<IResult> UserDevicesRevoke([HttpTrigger(Key, "delete", Route = "users/devices")] HttpRequest req, CancellationToken ct) =>
        api.RevokeDevicesAsync(req, ct);

    [Function("Health")]
    public Task<IResult> Health([HttpTrigger(Anonymous, "get", Route = "health")] HttpRequest req, CancellationToken ct) => api.HealthAsync(req, ct);

    [Function("OpenApiDocument")]
    public Task<IResult> OpenApiDocument([HttpTrigger(Anonymous, "get", Route = "openapi.json")] HttpRequest req, CancellationToken ct) =>
        api.OpenApiAsync(req, ct);

    [Function("DeliveryReceipt")]
    public Task<IResult> DeliveryReceipt([HttpTrigger(Anonymous, "post", Route = "delivery/receipts/{provider}")] HttpRequest req, CancellationToken ct) =>
        api.ReceiptAsync(req, ct);

    [Function("OtpResult")]
    public Task<IResult> OtpResult([HttpTrigger(Key, "post", Route = "otp/result")] HttpRequest req, CancellationToken ct) => api.RedeemResultAsync(req, ct);

    [Function("PageOtp")]
    public Task<IResult> PageOtp([HttpTrigger(Anonymous, "get", Route = "pages/otp")] HttpRequest req, CancellationToken ct) => api.PageViewAsync(req, ct);

    [Function("PageOtpVerify")]
    public Task<IResult> PageOtpVerify([HttpTrigger(Anonymous, "post", Route = "pages/otp/verify")] HttpRequest req, CancellationToken ct) =>
        api.PageVerifyAsync(req, ct);

    [Function("PageOtpResend")]
    public Task<IResult> PageOtpResend([HttpTrigger(Anonymous, "post", Route = "pages/otp/resend")] HttpRequest req, CancellationToken ct) =>
        api.PageResendAsync(req, ct);

    [Function("PageOtpMobile")]
    public Task<IResult> PageOtpMobile([HttpTrigger(Anonymous, "post", Route = "pages/otp/mobile")] HttpRequest req, CancellationToken ct) =>
        api.PageMobileAsync(req, ct);

    [Function("PageStyles")]
    public Task<IResult> PageStyles([HttpTrigger(Anonymous, "get", Route = "pages/pages.css")] HttpRequest req, CancellationToken ct) =>
        api.PageStylesAsync(req, ct);

    [Function("PageScript")]
    public Task<IResult> PageScript([HttpTrigger(Anonymous, "get", Route = "pages/webotp.js")] HttpRequest req, CancellationToken ct) =>
        api.PageScriptAsync(req, ct);
}
