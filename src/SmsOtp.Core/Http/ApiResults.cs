namespace SmsOtp.Core.Http;

/// <summary>The API's results: JSON bodies and RFC 9457 problems, with the headers the spec asks for.</summary>
public static class ApiResults
{
    public static IResult Json(object body, int status = 200) => new JsonBodyResult(body, status, "application/json; charset=utf-8", null);

    public static IResult NoContent() => Results.NoContent();

    public static IResult Problem(ApiProblem problem)
    {
        var body = new Dictionary<string, object?>
        {
            ["type"] = "urn:sms-otp:problem:" + problem.Code,
            ["title"] = problem.Title,
            ["status"] = problem.Status,
            ["detail"] = problem.Detail,
            ["code"] = problem.Code,
        };
        if (problem.LockedUntil is { } until)
        {
            body["lockedUntil"] = until;
        }

        return new JsonBodyResult(body, problem.Status, "application/problem+json; charset=utf-8", problem.RetryAfter);
    }

    private sealed class JsonBodyResult(object body, int status, string contentType, TimeSpan? retryAfter) : IResult, IStatusCodeHttpResult
    {
        public int? StatusCode => status;

        public async Task ExecuteAsync(HttpContext httpContext)
        {
            var response = httpContext.Response;
            response.StatusCode = status;
            response.ContentType = contentType;
            response.Headers.CacheControl = "no-store";
            if (retryAfter is { } wait)
            {
                response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            }

            await JsonSerializer.SerializeAsync(response.Body, body, body.GetType(), JsonDefaults.Options, httpContext.RequestAborted).ConfigureAwait(false);
        }
    }
}
