using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using SmsOtp.Core.Pages;

namespace SmsOtp.Functions;

/// <summary>The hosted pages and the result redeem (spec §2.7): adapters over <see cref="PageHandlers"/>.</summary>
public sealed class PageFunctions(PageHandlers pages)
{
    [Function("OtpResult")]
    public Task<IResult> Result([HttpTrigger(AuthorizationLevel.Function, "post", Route = "otp/result")] HttpRequest req, CancellationToken ct) =>
        pages.RedeemAsync(req, ct);

    [Function("PageOtp")]
    public Task<IResult> View([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "pages/otp")] HttpRequest req, CancellationToken ct) =>
        pages.ViewAsync(req, ct);

    [Function("PageOtpVerify")]
    public Task<IResult> Verify([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "pages/otp/verify")] HttpRequest req, CancellationToken ct) =>
        pages.VerifyAsync(req, ct);

    [Function("PageOtpResend")]
    public Task<IResult> Resend([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "pages/otp/resend")] HttpRequest req, CancellationToken ct) =>
        pages.ResendAsync(req, ct);

    [Function("PageOtpMobile")]
    public Task<IResult> Mobile([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "pages/otp/mobile")] HttpRequest req, CancellationToken ct) =>
        pages.MobileAsync(req, ct);

    [Function("PageStyles")]
    public Task<IResult> Styles([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "pages/pages.css")] HttpRequest req, CancellationToken ct) =>
        pages.StylesAsync(req, ct);

    [Function("PageScript")]
    public Task<IResult> Script([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "pages/webotp.js")] HttpRequest req, CancellationToken ct) =>
        pages.ScriptAsync(req, ct);
}
