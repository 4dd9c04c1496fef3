namespace SmsOtp.Core.Pages;

/// <summary>The hosted pages' drawing: the page a challenge's state calls for, the error pages and the HTML answer.</summary>
public sealed partial class PageHandlers
{
    private async Task<IResult> RenderStateAsync(HttpRequest request, FlowToken flow, string text, Func<PageTexts, string>? notice, Func<PageTexts, string>? error,
        CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var challenge = await otp.FindAsync(flow.Challenge, ct).ConfigureAwait(false);
        if (flow.ExpiresAt <= now)
        {
            return Error(request, flow, text, OtpStatuses.Expired, null, challenge);
        }

        if (challenge is null)
        {
            return Error(request, flow, text, NotFound, null, null);
        }

        if (challenge.Verdict(now) is { } status)
        {
            return Error(request, flow, text, status, challenge.LockedUntil(now), challenge);
        }

        var o = policies.For(challenge.Tenant);
        var (cookie, isNew) = CookieNonce(request);
        var frame = Frame(request, challenge, text, await tokens.CsrfAsync(cookie, text, ct).ConfigureAwait(false));
        string html;
        if (challenge.StatusAt(now) == ChallengeStatus.AwaitingMobile)
        {
            html = PageRenderer.Mobile(frame, new MobilePageModel(challenge.Mode == Challenge.ModeCapture, error?.Invoke(frame.Texts)));
        }
        else
        {
            var wait = challenge.ResendAvailableAt(now) - now;
            html = PageRenderer.Code(frame, new CodePageModel(
                MobileMask.Mask(challenge.Mobile),
                challenge.CodeLength,
                o.AlphanumericToken,
                challenge.AttemptsRemaining,
                challenge.ResendsRemaining > 0,
                Math.Max(0, (int)Math.Ceiling(wait.TotalSeconds)),
                o.BackupCode,
                notice?.Invoke(frame.Texts),
                error?.Invoke(frame.Texts)) { OfferRememberDevice = devices.IsOn(challenge.Tenant) });
        }

        return Html(request, 200, html, flow, isNew ? cookie : null);
    }

    private async Task<IResult> ErrorAsync(HttpRequest request, FlowToken flow, string text, string status, DateTimeOffset? lockedUntil, CancellationToken ct) =>
        Error(request, flow, text, status, lockedUntil, await otp.FindAsync(flow.Challenge, ct).ConfigureAwait(false));

    /// <summary>The error page of a failed sign-in: its button returns to the app with <c>error=&lt;status&gt;</c>.</summary>
    private IResult Error(HttpRequest request, FlowToken? flow, string? text, string status, DateTimeOffset? lockedUntil, Challenge? challenge)
    {
        var known = status is OtpStatuses.Expired or OtpStatuses.AttemptsExhausted or OtpStatuses.Locked or OtpStatuses.DeliveryFailed or OtpStatuses.Consumed;
        status = known ? status : NotFound;
        var multi = policies.For(challenge?.Tenant).RedirectToMultiOptionPageOnFailure;
        string? url = null;
        if (flow is not null)
        {
            url = ReturnUrlPolicy.Append(flow.ReturnUrl, "error", status);
            if (multi)
            {
                url = ReturnUrlPolicy.Append(url, "redirectToMultiOptionPage", "true");
            }
        }

        var html = PageRenderer.Error(Frame(request, challenge, text, null),
            new ErrorPageModel(status, status == OtpStatuses.Locked ? lockedUntil : null, url, multi && flow is not null));
        return Html(request, 200, html, flow, null);
    }

    /// <summary>A page that knows no challenge (a broken link, an unreadable form, a failing dependency): the browser's language.</summary>
    private IResult Failure(HttpRequest request, int httpStatus, string status, string? continueUrl = null, TimeSpan? retryAfter = null)
    {
        var html = PageRenderer.Error(Frame(request, null, null, null), new ErrorPageModel(status, null, continueUrl, false));
        return PageResults.Html(httpStatus, html, null, Prefix(request), null, Secure(request), retryAfter);
    }

    /// <summary>
    /// The page's language and heading: the challenge's locale, else <c>Accept-Language</c>, else the tenant's
    /// <c>DefaultLocale</c>; the tenant's <c>Pages:AppName</c>, in the page's language while it is the default.
    /// </summary>
    private PageFrame Frame(HttpRequest request, Challenge? challenge, string? flow, string? csrf)
    {
        var texts = PageTexts.For(challenge?.Locale, request.Headers.AcceptLanguage.ToString(), policies.For(challenge?.Tenant).DefaultLocale);
        var appName = appNames.For(challenge?.Tenant).AppName;
        return new PageFrame(texts, appName == AppNameOptions.DefaultAppName ? texts[PageTextKeys.AppName] : appName, Prefix(request), flow, csrf);
    }

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
        return Failure(request, 404, "invalid_link");
    }
}
