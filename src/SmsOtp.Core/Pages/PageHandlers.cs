using System.Security.Cryptography;
using System.Text;
using Azure;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SmsOtp.Core.Otp;
using SmsOtp.Core.Phone;
using SmsOtp.Core.Policy;
using SmsOtp.Core.Problems;

namespace SmsOtp.Core.Pages;

/// <summary>
/// The hosted pages (spec §2.7) for both hosts: HTML only. Every action goes through the same
/// <see cref="OtpService"/> methods as the API, so limits, locks and concurrency hold exactly as there, and
/// every page state comes from the same <see cref="Challenge"/>; this class checks the flow and CSRF
/// tokens and draws the page.
/// </summary>
public sealed partial class PageHandlers(
    OtpService otp,
    PageTokens tokens,
    ResultTokens results,
    IOptionsMonitor<PolicyOptions> options,
    IOptionsMonitor<PagesOptions> pages,
    TimeProvider time,
    ILogger<PageHandlers> logger)
{
    private const int MaxFormBytes = 16 * 1024;

    // ---- API side: start and finish ----

    /// <summary>Checks a send's <c>returnUrl</c> against the allow-list before anything is written.</summary>
    public bool TryAllowReturnUrl(string returnUrl, out ApiProblem? problem)
    {
        problem = ReturnUrlPolicy.IsAllowed(returnUrl, pages.CurrentValue.AllowedReturnUrls, out _) ? null : Problem.ReturnUrlNotAllowed();
        return problem is null;
    }

    /// <summary>The page URL for a challenge a send just started: this service's address and a sealed flow token.</summary>
    public async Task<string> PageUrlAsync(HttpRequest request, ChallengeId id, string returnUrl, CancellationToken ct)
    {
        var o = options.CurrentValue;

        // The longest a challenge can stay usable: a number to enter, then each code's lifetime per resend.
        var lifetime = TimeSpan.FromSeconds((double)o.TokenExpirySeconds * (o.MaximumResendAttempts + 2));
        var flow = await tokens.SealFlowAsync(new FlowToken(id, time.GetUtcNow() + lifetime, returnUrl), ct).ConfigureAwait(false);

        var path = request.PathBase.Add(request.Path).Value ?? "";
        var at = path.LastIndexOf("/otp/send", StringComparison.OrdinalIgnoreCase);
        var apiPrefix = at >= 0 ? path[..(at + 1)] : "/api/";
        var configured = pages.CurrentValue.PublicBaseUrl;
        var origin = string.IsNullOrWhiteSpace(configured) ? request.Scheme + "://" + request.Host.ToUriComponent() : configured.TrimEnd('/');
        return origin + apiPrefix + "pages/otp?flow=" + flow;
    }

    // ---- Pages ----

    /// <summary><c>GET /api/pages/otp?flow=</c>: the page the challenge's state calls for.</summary>
    public Task<IResult> ViewAsync(HttpRequest request, CancellationToken ct) => GuardPageAsync(request, async () =>
    {
        var text = request.Query["flow"].Count == 1 ? request.Query["flow"][0] : null;
        var flow = await tokens.OpenFlowAsync(text, ct).ConfigureAwait(false);
        if (flow is null)
        {
            return InvalidLink(request);
        }

        var notice = request.Query["notice"].ToString() == "code_sent" ? "We sent you a new code." : null;
        return await RenderStateAsync(request, flow, text!, notice, null, ct).ConfigureAwait(false);
    });

    /// <summary><c>POST /api/pages/otp/verify</c>: the code (or a backup code) through <see cref="OtpService.VerifyAsync"/>.</summary>
    public Task<IResult> VerifyAsync(HttpRequest request, CancellationToken ct) => FormActionAsync(request, ct, async (form, flow, text) =>
    {
        var code = form.GetValueOrDefault("code");
        if (string.IsNullOrWhiteSpace(code) || code.Length > Challenge.MaxCodeLength)
        {
            return await RenderStateAsync(request, flow, text, null, "Enter the code from the SMS.", ct).ConfigureAwait(false);
        }

        var expires = time.GetUtcNow() + TimeSpan.FromSeconds(pages.CurrentValue.ResultLifetimeSeconds);
        var (token, ticket) = await results.NewAsync(flow.Challenge, expires, ct).ConfigureAwait(false);
        var result = await otp.VerifyAsync(flow.Challenge, code, ct, ticket).ConfigureAwait(false);
        if (result is null)
        {
            return Error(request, flow, text, ErrorFor("challenge_not_found", null));
        }

        switch (result.Status)
        {
            case OtpStatuses.Verified:
                LogPageVerified(logger, flow.Challenge.PartitionKey);
                return PageResults.SeeOther(ReturnUrlPolicy.Append(flow.ReturnUrl, "result", token));
            case OtpStatuses.InvalidCode when result.RetryAllowed == true:
                return await RenderStateAsync(request, flow, text, null, "That code is not right. Check the SMS and try again.", ct).ConfigureAwait(false);
            case OtpStatuses.InvalidCode:
                return Error(request, flow, text, ErrorFor(OtpStatuses.AttemptsExhausted, null));
            default:
                return Error(request, flow, text, ErrorFor(result.Status, result.LockedUntil));
        }
    });

    /// <summary><c>POST /api/pages/otp/resend</c>: a new code through <see cref="OtpService.ResendAsync"/>.</summary>
    public Task<IResult> ResendAsync(HttpRequest request, CancellationToken ct) => FormActionAsync(request, ct, async (_, flow, text) =>
    {
        var outcome = await otp.ResendAsync(flow.Challenge, ct).ConfigureAwait(false);
        if (outcome.Problem is not { } problem)
        {
            return PageResults.SeeOther(Prefix(request) + "otp?flow=" + text + "&notice=code_sent");
        }

        var message = problem.Code switch
        {
            ProblemCodes.ResendTooSoon => $"Please wait {(int)(problem.RetryAfter ?? TimeSpan.Zero).TotalSeconds} seconds before asking for a new code.",
            ProblemCodes.ResendLimitReached => "No more codes can be sent for this sign-in.",
            ProblemCodes.ResendDisabled => "Sending a new code is not available.",
            _ => null,
        };
        return await RenderStateAsync(request, flow, text, null, message, ct).ConfigureAwait(false);
    });

    /// <summary><c>POST /api/pages/otp/mobile</c>: the number through <see cref="OtpService.SubmitMobileAsync"/>.</summary>
    public Task<IResult> MobileAsync(HttpRequest request, CancellationToken ct) => FormActionAsync(request, ct, async (form, flow, text) =>
    {
        var mobile = form.GetValueOrDefault("mobile");
        if (string.IsNullOrWhiteSpace(mobile))
        {
            return await RenderStateAsync(request, flow, text, null, "Enter your mobile number.", ct).ConfigureAwait(false);
        }

        var outcome = await otp.SubmitMobileAsync(flow.Challenge, mobile, ct).ConfigureAwait(false);
        if (outcome.Problem is not { } problem)
        {
            return PageResults.SeeOther(Prefix(request) + "otp?flow=" + text);
        }

        // §4's messages are written for people and never echo the number.
        var message = problem.Code is ProblemCodes.InvalidMobile or ProblemCodes.CountryNotAllowed or ProblemCodes.RateLimited ? problem.Detail : null;
        return await RenderStateAsync(request, flow, text, null, message, ct).ConfigureAwait(false);
    });

    public Task<IResult> StylesAsync(HttpRequest request, CancellationToken ct) =>
        Task.FromResult(PageResults.Asset("text/css; charset=utf-8", PageAssets.Styles));

    public Task<IResult> ScriptAsync(HttpRequest request, CancellationToken ct) =>
        Task.FromResult(PageResults.Asset("text/javascript; charset=utf-8", PageAssets.Script));

    // ---- Rendering ----

    private async Task<IResult> RenderStateAsync(HttpRequest request, FlowToken flow, string text, string? notice, string? error, CancellationToken ct)
    {
        var o = options.CurrentValue;
        var now = time.GetUtcNow();
        if (flow.ExpiresAt <= now)
        {
            return Error(request, flow, text, ErrorFor(OtpStatuses.Expired, null));
        }

        if (await otp.FindAsync(flow.Challenge, ct).ConfigureAwait(false) is not { } challenge)
        {
            return Error(request, flow, text, ErrorFor("challenge_not_found", null));
        }

        if (challenge.Verdict(now) is { } status)
        {
            return Error(request, flow, text, ErrorFor(status, challenge.LockedUntil(now)));
        }

        var (cookie, isNew) = CookieNonce(request);
        var frame = new PageFrame(pages.CurrentValue.AppName, Prefix(request), text, await tokens.CsrfAsync(cookie, text, ct).ConfigureAwait(false));
        string html;
        if (challenge.StatusAt(now) == ChallengeStatus.AwaitingMobile)
        {
            html = PageRenderer.Mobile(frame, new MobilePageModel(challenge.Mode == Challenge.ModeCapture, error));
        }
        else
        {
            var wait = challenge.ResendAvailableAt(now) - now;
            html = PageRenderer.Code(frame, new CodePageModel(
                MobileMask.Mask(challenge.Mobile),
                o.TokenLength,
                o.AlphanumericToken,
                challenge.AttemptsRemaining,
                challenge.ResendsRemaining > 0,
                Math.Max(0, (int)Math.Ceiling(wait.TotalSeconds)),
                o.BackupCode,
                notice,
                error));
        }

        return Html(request, 200, html, flow, isNew ? cookie : null);
    }

    private IResult Error(HttpRequest request, FlowToken? flow, string? text, (string Status, string Title, string Text, DateTimeOffset? Until) e)
    {
        var multi = options.CurrentValue.RedirectToMultiOptionPageOnFailure;
        string? url = null;
        if (flow is not null)
        {
            url = ReturnUrlPolicy.Append(flow.ReturnUrl, "error", e.Status);
            if (multi)
            {
                url = ReturnUrlPolicy.Append(url, "redirectToMultiOptionPage", "true");
            }
        }

        var html = PageRenderer.Error(new PageFrame(pages.CurrentValue.AppName, Prefix(request), text, null),
            new ErrorPageModel(e.Status, e.Title, e.Text, e.Until, url, multi && flow is not null));
        return Html(request, 200, html, flow, null);
    }

    private static (string Status, string Title, string Text, DateTimeOffset? Until) ErrorFor(string status, DateTimeOffset? lockedUntil) => status switch
    {
        OtpStatuses.Expired => (status, "This code has expired", "The code or this sign-in page is no longer valid. Start the sign-in again to get a new code.", null),
        OtpStatuses.AttemptsExhausted => (status, "Too many wrong codes", "This sign-in allows no more tries.", null),
        OtpStatuses.Locked => (status, "Your account is locked", "There were too many failed verifications.", lockedUntil),
        OtpStatuses.DeliveryFailed => (status, "We could not send the SMS", "The code could not be delivered to your phone.", null),
        OtpStatuses.Consumed => (status, "This code was already used", "This sign-in has already been completed.", null),
        _ => ("challenge_not_found", "This sign-in is no longer valid", "It was replaced by a newer sign-in or has ended. Start the sign-in again.", null),
    };

    private IResult Html(HttpRequest request, int status, string html, FlowToken? flow, string? newCookie)
    {
        string? origin = null;
        if (flow is not null && Uri.TryCreate(flow.ReturnUrl, UriKind.Absolute, out var uri))
        {
            origin = ReturnUrlPolicy.Origin(uri);
        }

        return PageResults.Html(status, html, origin, Prefix(request), newCookie, Secure(request));
    }

    private IResult InvalidLink(HttpRequest request)
    {
        LogFlowRefused(logger);
        var html = PageRenderer.Error(new PageFrame(pages.CurrentValue.AppName, Prefix(request), null, null),
            new ErrorPageModel("invalid_link", "This link is not valid", "The sign-in link is broken or was not issued by this service. Start the sign-in again.", null, null, false));
        return PageResults.Html(404, html, null, Prefix(request), null, Secure(request));
    }

    // ---- Form posts ----

    private Task<IResult> FormActionAsync(HttpRequest request, CancellationToken ct, Func<Dictionary<string, string>, FlowToken, string, Task<IResult>> action) =>
        GuardPageAsync(request, async () =>
        {
            var form = await ReadFormAsync(request, ct).ConfigureAwait(false);
            if (form is null)
            {
                var html = PageRenderer.Error(new PageFrame(pages.CurrentValue.AppName, Prefix(request), null, null),
                    new ErrorPageModel("bad_request", "The form could not be read", "Go back and try again.", null, null, false));
                return PageResults.Html(400, html, null, Prefix(request), null, Secure(request));
            }

            var text = form.GetValueOrDefault("flow");
            var flow = await tokens.OpenFlowAsync(text, ct).ConfigureAwait(false);
            if (flow is null)
            {
                return InvalidLink(request);
            }

            if (!await tokens.CsrfMatchesAsync(request.Cookies[PageResults.CsrfCookie], text, form.GetValueOrDefault("csrf"), ct).ConfigureAwait(false))
            {
                LogCsrfRefused(logger);
                var html = PageRenderer.Error(new PageFrame(pages.CurrentValue.AppName, Prefix(request), null, null),
                    new ErrorPageModel("csrf_failed", "Your session has expired", "The form could not be verified. Open the sign-in page again and retry.",
                        null, Prefix(request) + "otp?flow=" + text, false));
                return PageResults.Html(403, html, null, Prefix(request), null, Secure(request));
            }

            return await action(form, flow, text!).ConfigureAwait(false);
        });

    private static async Task<Dictionary<string, string>?> ReadFormAsync(HttpRequest request, CancellationToken ct)
    {
        var media = (request.ContentType ?? "").Split(';')[0].Trim();
        if (!media.Equals("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase) || request.ContentLength > MaxFormBytes)
        {
            return null;
        }

        try
        {
            using var reader = new FormReader(request.Body) { ValueCountLimit = 8, KeyLengthLimit = 32, ValueLengthLimit = 8192 };
            var fields = await reader.ReadFormAsync(ct).ConfigureAwait(false);
            var result = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (key, value) in fields)
            {
                if (value.Count != 1)
                {
                    return null;
                }

                result[key] = value[0] ?? "";
            }

            return result;
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }

    private static (string Nonce, bool IsNew) CookieNonce(HttpRequest request)
    {
        var existing = request.Cookies[PageResults.CsrfCookie];
        return PageTokens.IsCookieNonce(existing) ? (existing!, false) : (PageTokens.NewCookieNonce(), true);
    }

    /// <summary>The path of the pages (<c>/api/pages/</c>), taken from the request so any route prefix works.</summary>
    private static string Prefix(HttpRequest request)
    {
        var path = request.PathBase.Add(request.Path).Value ?? "";
        var at = path.LastIndexOf("/pages/", StringComparison.OrdinalIgnoreCase);
        return at >= 0 ? path[..(at + "/pages/".Length)] : "/api/pages/";
    }

    /// <summary>Behind the Functions host the worker may see http; the configured public URL tells the truth.</summary>
    private bool Secure(HttpRequest request) =>
        request.IsHttps || (pages.CurrentValue.PublicBaseUrl?.StartsWith("https://", StringComparison.OrdinalIgnoreCase) ?? false);

    /// <summary>A failing dependency shows the pages' error page (503), never a problem body or a 500.</summary>
    private Task<IResult> GuardPageAsync(HttpRequest request, Func<Task<IResult>> handler) =>
        ServiceGuard.RunAsync(handler, problem =>
        {
            var html = PageRenderer.Error(new PageFrame(pages.CurrentValue.AppName, Prefix(request), null, null),
                new ErrorPageModel("service_unavailable", "Something went wrong", "The service is busy. Wait a moment and reload the page.", null, null, false));
            return PageResults.Html(503, html, null, Prefix(request), null, Secure(request), problem.RetryAfter);
        }, logger, request.HttpContext.RequestAborted);

    [LoggerMessage(EventId = 6001, Level = LogLevel.Information, Message = "Page flow verified for user {UserKey}; result token issued")]
    private static partial void LogPageVerified(ILogger logger, string userKey);

    [LoggerMessage(EventId = 6002, Level = LogLevel.Warning, Message = "Page form post refused: missing or mismatched CSRF token")]
    private static partial void LogCsrfRefused(ILogger logger);

    [LoggerMessage(EventId = 6003, Level = LogLevel.Warning, Message = "Page request refused: flow token not valid")]
    private static partial void LogFlowRefused(ILogger logger);
}
