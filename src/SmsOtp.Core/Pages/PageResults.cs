namespace SmsOtp.Core.Pages;

/// <summary>
/// The pages' HTTP results, each with the security headers of spec §2.7: never cached, never framed, no
/// inline script (Content-Security-Policy), no referrer (the flow token is in the page URL).
/// </summary>
internal static class PageResults
{
    public const string CsrfCookie = "smsotp_csrf";

    public static IResult Html(int status, string html, string? formActionOrigin, string cookiePath, string? newCookieNonce, bool secure,
        TimeSpan? retryAfter = null) =>
        new HtmlResult(status, html, formActionOrigin, cookiePath, newCookieNonce, secure, retryAfter);

    /// <summary>303 See Other: after a form post, the browser follows it with a GET.</summary>
    public static IResult SeeOther(string location) => new SeeOtherResult(location);

    public static IResult Asset(string contentType, string body) => new AssetResult(contentType, body);

    private static void SecurityHeaders(HttpResponse response, string? formActionOrigin)
    {
        var headers = response.Headers;
        headers.CacheControl = "no-store";
        headers.Pragma = "no-cache";
        headers["Referrer-Policy"] = "no-referrer";
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";

        // form-action also governs where a form post may redirect: the app's origin after a verified code.
        headers.ContentSecurityPolicy = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
            + "form-action 'self'" + (formActionOrigin is null ? "" : " " + formActionOrigin)
            + "; frame-ancestors 'none'; base-uri 'none'";
    }

    private sealed class HtmlResult(int status, string html, string? formActionOrigin, string cookiePath, string? newCookieNonce, bool secure,
        TimeSpan? retryAfter)
        : IResult, IStatusCodeHttpResult
    {
        public int? StatusCode => status;

        public Task ExecuteAsync(HttpContext httpContext)
        {
            var response = httpContext.Response;
            response.StatusCode = status;
            response.ContentType = "text/html; charset=utf-8";
            SecurityHeaders(response, formActionOrigin);
            if (retryAfter is { } wait)
            {
                response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            if (newCookieNonce is not null)
            {
                response.Cookies.Append(CsrfCookie, newCookieNonce, new CookieOptions
                {
                    HttpOnly = true,
                    SameSite = SameSiteMode.Strict,
                    Secure = secure,
                    Path = cookiePath,
                    IsEssential = true,
                });
            }

            var bytes = Encoding.UTF8.GetBytes(html);
            response.ContentLength = bytes.Length;
            return response.Body.WriteAsync(bytes, httpContext.RequestAborted).AsTask();
        }
    }

    private sealed class SeeOtherResult(string location) : IResult, IStatusCodeHttpResult
    {
        public int? StatusCode => StatusCodes.Status303SeeOther;

        public Task ExecuteAsync(HttpContext httpContext)
        {
            var response = httpContext.Response;
            response.StatusCode = StatusCodes.Status303SeeOther;
            SecurityHeaders(response, null);
            response.Headers.Location = location;
            return Task.CompletedTask;
        }
    }

    private sealed class AssetResult(string contentType, string body) : IResult, IStatusCodeHttpResult
    {
        public int? StatusCode => StatusCodes.Status200OK;

        public Task ExecuteAsync(HttpContext httpContext)
        {
            var response = httpContext.Response;
            response.StatusCode = StatusCodes.Status200OK;
            response.ContentType = contentType;
            response.Headers.CacheControl = "public, max-age=3600";
            response.Headers.XContentTypeOptions = "nosniff";
            var bytes = Encoding.UTF8.GetBytes(body);
            response.ContentLength = bytes.Length;
            return response.Body.WriteAsync(bytes, httpContext.RequestAborted).AsTask();
        }
    }
}
