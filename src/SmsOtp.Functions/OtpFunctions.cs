using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using SmsOtp.Core.Http;

namespace SmsOtp.Functions;

/// <summary>The OTP step (spec §2.1 to §2.4): adapters over <see cref="ApiHandlers"/>.</summary>
public sealed class OtpFunctions(ApiHandlers api)
{
    [Function("OtpSend")]
    public Task<IResult> Send([HttpTrigger(AuthorizationLevel.Function, "post", Route = "otp/send")] HttpRequest req, CancellationToken ct) =>
        api.SendAsync(req, ct);

    [Function("OtpMobile")]
    public Task<IResult> Mobile([HttpTrigger(AuthorizationLevel.Function, "post", Route = "otp/mobile")] HttpRequest req, CancellationToken ct) =>
        api.MobileAsync(req, ct);

    [Function("OtpVerify")]
    public Task<IResult> Verify([HttpTrigger(AuthorizationLevel.Function, "post", Route = "otp/verify")] HttpRequest req, CancellationToken ct) =>
        api.VerifyAsync(req, ct);

    [Function("OtpResend")]
    public Task<IResult> Resend([HttpTrigger(AuthorizationLevel.Function, "post", Route = "otp/resend")] HttpRequest req, CancellationToken ct) =>
        api.ResendAsync(req, ct);
}
