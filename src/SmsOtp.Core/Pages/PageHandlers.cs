using Microsoft.AspNetCore.WebUtilities;

namespace SmsOtp.Core.Pages;

/// <summary>
/// The hosted pages (spec §2.7) for both hosts: HTML only. Every action goes through the same
/// <see cref="OtpService"/> methods as the API, so limits, locks and concurrency hold exactly as there, and
/// every page state comes from the same <see cref="Challenge"/>; this class checks the flow and CSRF
/// tokens and draws the page: in the challenge's language (else the browser's, else the tenant's default),
/// under the challenge's tenant's settings (spec §10.1-§10.2).
/// </summary>
public sealed partial class PageHandlers(
    OtpService otp,
    PageTokens tokens,
    ResultTokens results,
    MobileNumberParser numbers,
    TenantOptions<PolicyOptions> policies,
    TenantOptions<PagesOptions> pages,
    TenantOptions<AppNameOptions> appNames,
    TimeProvider time,
    DeviceTrust devices,
    ILogger<PageHandlers> logger)
{
    private const int MaxFormBytes = 16 * 1024;

    // ---- API side: start and finish ----

    /// <summary>Checks a send's <c>returnUrl</c> against the allow-list before anything is written.</summary>
    public bool TryAllowReturnUrl(string returnUrl, string tenant, out ApiProblem? problem)
    {
        problem = ReturnUrlPolicy.IsAllowed(returnUrl, pages.For(tenant).AllowedReturnUrls, out _) ? null : Problem.ReturnUrlNotAllowed();
        return problem is null;
    }

    /// <summary>The page URL for a challenge a send just started: this service's address and a sealed flow token.</summary>
    public async Task<string> PageUrlAsync(HttpRequest request, ChallengeId id, string returnUrl, string tenant, CancellationToken ct)
    {
        var o = policies.For(tenant);

        // The longest a challenge can stay usable: a number to enter, then each code's lifetime per resend.
        var lifetime = TimeSpan.FromSeconds((double)CodeBounds.ExpirySeconds(o).Max * (o.MaximumResendAttempts + 2)); // a send may set a longer one (§15.3)
        var flow = await tokens.SealFlowAsync(new FlowToken(id, time.GetUtcNow() + lifetime, returnUrl), ct).ConfigureAwait(false);

        var path = request.PathBase.Add(request.Path).Value ?? "";
        var at = path.LastIndexOf("/otp/send", StringComparison.OrdinalIgnoreCase);
        var apiPrefix = at >= 0 ? path[..(at + 1)] : "/api/";
        var configured = pages.Global.PublicBaseUrl;
        var origin = string.IsNullOrWhiteSpace(configured) ? request.Scheme + "://" + request.Host.ToUriComponent() : configured.TrimEnd('/');
        return origin + apiPrefix + "pages/otp?flow=" + flow;
    }

    // ---- Pages ----

    /// <summary><c>GET /api/pages/otp?flow=</c>: the page the challenge's state calls for.</summary>
    public async Task<IResult> ViewAsync(HttpRequest request, CancellationToken ct)
    {
        var text = request.Query["flow"].Count == 1 ? request.Query["flow"][0] : null;
        var flow = await tokens.OpenFlowAsync(text, ct).ConfigureAwait(false);
        if (flow is null)
        {
            return InvalidLink(request);
        }

        Func<PageTexts, string>? notice = request.Query["notice"].ToString() == "code_sent" ? t => t[PageTextKeys.NoticeCodeSent] : null;
        return await RenderStateAsync(request, flow, text!, notice, null, ct).ConfigureAwait(false);
    }

    /// <summary><c>POST /api/pages/otp/verify</c>: the code (or a backup code) through <see cref="OtpService.VerifyAsync"/>.</summary>
    public Task<IResult> VerifyAsync(HttpRequest request, CancellationToken ct) => FormActionAsync(request, ct, async (form, flow, text) =>
    {
        var code = form.GetValueOrDefault("code");
        if (string.IsNullOrWhiteSpace(code) || code.Length > Challenge.MaxCodeLength)
        {
            return await RenderStateAsync(request, flow, text, null, t => t[PageTextKeys.ErrorCodeEmpty], ct).ConfigureAwait(false);
        }

        var expires = time.GetUtcNow() + TimeSpan.FromSeconds(pages.Global.ResultLifetimeSeconds);
        var (token, ticket) = await results.NewAsync(flow.Challenge, expires, ct).ConfigureAwait(false);
        var remember = form.GetValueOrDefault("rememberDevice") == "true";
        var result = await otp.VerifyAsync(flow.Challenge, code, ct, ticket, remember).ConfigureAwait(false);
        if (result is null)
        {
            return await ErrorAsync(request, flow, text, NotFound, null, ct).ConfigureAwait(false);
        }

        switch (result.Status)
        {
            case OtpStatuses.Verified:
                LogPageVerified(logger, flow.Challenge.PartitionKey);
                return PageResults.SeeOther(ReturnUrlPolicy.Append(flow.ReturnUrl, "result", token));
            case OtpStatuses.InvalidCode when result.RetryAllowed == true:
                return await RenderStateAsync(request, flow, text, null, t => t[PageTextKeys.ErrorCodeWrong], ct).ConfigureAwait(false);
            case OtpStatuses.InvalidCode:
                return await ErrorAsync(request, flow, text, OtpStatuses.AttemptsExhausted, null, ct).ConfigureAwait(false);
            default:
                return await ErrorAsync(request, flow, text, result.Status, result.LockedUntil, ct).ConfigureAwait(false);
        }
    });

    /// <summary><c>POST /api/pages/otp/resend</c>: a new code through <see cref="OtpService.ResendAsync"/>.</summary>
    public Task<IResult> ResendAsync(HttpRequest request, CancellationToken ct) => FormActionAsync(request, ct, async (_, flow, text) =>
    {
        var outcome = await otp.ResendAsync(flow.Challenge, ct, clientIp: request.HttpContext.Connection.RemoteIpAddress).ConfigureAwait(false);
        if (outcome.Problem is not { } problem)
        {
            return PageResults.SeeOther(Prefix(request) + "otp?flow=" + text + "&notice=code_sent");
        }

        var seconds = ((int)(problem.RetryAfter ?? TimeSpan.Zero).TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
        Func<PageTexts, string>? message = problem.Code switch
        {
            ProblemCodes.ResendTooSoon => t => t[PageTextKeys.ErrorResendTooSoon].Replace("{seconds}", seconds, StringComparison.Ordinal),
            ProblemCodes.ResendLimitReached => t => t[PageTextKeys.ErrorResendLimit],
            ProblemCodes.ResendDisabled => t => t[PageTextKeys.ErrorResendDisabled],
            ProblemCodes.RateLimited => t => t[PageTextKeys.ErrorRateLimited],
            ProblemCodes.DestinationSuspended => t => t[PageTextKeys.ErrorDestinationSuspended],
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
            return await RenderStateAsync(request, flow, text, null, t => t[PageTextKeys.ErrorMobileEmpty], ct).ConfigureAwait(false);
        }

        var outcome = await otp.SubmitMobileAsync(flow.Challenge, mobile, ct, clientIp: request.HttpContext.Connection.RemoteIpAddress).ConfigureAwait(false);
        if (outcome.Problem is not { } problem)
        {
            return PageResults.SeeOther(Prefix(request) + "otp?flow=" + text);
        }

        // §4's messages never echo the number. In English the API's own detail says what is wrong with it.
        Func<PageTexts, string>? message = problem.Code switch
        {
            ProblemCodes.InvalidMobile => t => t.Language == "en" ? problem.Detail : t[PageTextKeys.ErrorMobileInvalid],
            ProblemCodes.CountryNotAllowed => t => t.Language == "en" ? problem.Detail : t[PageTextKeys.ErrorCountryNotAllowed].Replace("{countryCode}",
                numbers.Parse(mobile).CountryCode.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal),
            ProblemCodes.NumberTypeNotAllowed => t => t.Language == "en" ? problem.Detail : t[PageTextKeys.ErrorMobileInvalid],
            ProblemCodes.RateLimited => t => t[PageTextKeys.ErrorRateLimited],
            ProblemCodes.DestinationSuspended => t => t[PageTextKeys.ErrorDestinationSuspended],
            _ => null,
        };
        return await RenderStateAsync(request, flow, text, null, message, ct).ConfigureAwait(false);
    });

    public Task<IResult> StylesAsync(HttpRequest request, CancellationToken ct) =>
        Task.FromResult(PageResults.Asset("text/css; charset=utf-8", PageAssets.Styles));

    public Task<IResult> ScriptAsync(HttpRequest request, CancellationToken ct) =>
        Task.FromResult(PageResults.Asset("text/javascript; charset=utf-8", PageAssets.Script));

    // ---- Form posts ----

    private async Task<IResult> FormActionAsync(HttpRequest request, CancellationToken ct, Func<Dictionary<string, string>, FlowToken, string, Task<IResult>> action)
    {
        var form = await ReadFormAsync(request, ct).ConfigureAwait(false);
        if (form is null)
        {
            return Failure(request, 400, "bad_request");
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
            return Failure(request, 403, "csrf_failed", Prefix(request) + "otp?flow=" + text);
        }

        return await action(form, flow, text!).ConfigureAwait(false);
    }

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
        request.IsHttps || (pages.Global.PublicBaseUrl?.StartsWith("https://", StringComparison.OrdinalIgnoreCase) ?? false);

    /// <summary>
    /// The pages' answer when a dependency fails (503, the error page, never a problem body or a 500): the one
    /// guard in <c>Http/</c> wraps every page route and draws this.
    /// </summary>
    public IResult Unavailable(HttpRequest request, ApiProblem problem) =>
        Failure(request, 503, "service_unavailable", retryAfter: problem.RetryAfter);

    private const string NotFound = "challenge_not_found";

    [LoggerMessage(EventId = 6001, Level = LogLevel.Information, Message = "Page flow verified for user {UserKey}; result token issued")]
    private static partial void LogPageVerified(ILogger logger, string userKey);

    [LoggerMessage(EventId = 6002, Level = LogLevel.Warning, Message = "Page form post refused: missing or mismatched CSRF token")]
    private static partial void LogCsrfRefused(ILogger logger);

    [LoggerMessage(EventId = 6003, Level = LogLevel.Warning, Message = "Page request refused: flow token not valid")]
    private static partial void LogFlowRefused(ILogger logger);
}
