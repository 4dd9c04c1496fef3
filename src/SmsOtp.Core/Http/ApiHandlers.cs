namespace SmsOtp.Core.Http;

/// <summary>
/// The HTTP API (spec §2), written once for both hosts: the Functions app's functions and the local
/// server's endpoints are one-line adapters over these methods. Each parses and validates its input,
/// calls the domain service and maps the outcome; nothing here touches storage directly.
/// </summary>
public sealed partial class ApiHandlers(
    OtpService otp,
    ProfileService profiles,
    IUserStore store,
    IDeliveryQueue queue,
    ISecretSource secrets,
    PageHandlers pages,
    ReceiptHandler receipts,
    ILogger<ApiHandlers> logger)
{
    /// <summary>The hosted pages (spec §2.7), for the route table.</summary>
    public Task<IResult> SendAsync(HttpRequest request, CancellationToken ct) => GuardAsync(request, async () =>
    {
        var (body, problem) = await RequestReader.ReadObjectAsync(request, ct).ConfigureAwait(false);
        if (problem is not null
            || !RequestReader.TryGetString(body, "tenant", out var tenant, out problem)
            || !RequestReader.TryGetString(body, "userId", out var userId, out problem)
            || !InputValidation.TryUser(tenant, userId, out var user, out problem)
            || !RequestReader.TryGetString(body, "returnUrl", out var returnUrl, out problem)
            || (returnUrl is not null && !pages.TryAllowReturnUrl(returnUrl, user.Tenant, out problem))
            || !SendBody.TryRead(body, user, out var send, out problem)
            || !ClientIpField.TryRead(body, out var clientIp, out problem)
            || !TrustedDeviceFields.TryReadToken(body, out var deviceToken, out problem)
            || !InputValidation.TryIdempotentCall(request, SendBody.Canonical(send, returnUrl), out var idempotency, out problem))
        {
            return ApiResults.Problem(problem!);
        }

        var outcome = await otp.SendAsync(send with { ClientIp = clientIp, DeviceToken = deviceToken }, ct, idempotency).ConfigureAwait(false);
        if (returnUrl is not null && outcome.Value is { ChallengeId: { } challengeId } sent)
        {
            // The hosted-pages flow (spec §2.7): sent and mobile_required get a page to redirect to.
            outcome = sent with { PageUrl = await pages.PageUrlAsync(request, challengeId, returnUrl, user.Tenant, ct).ConfigureAwait(false) };
        }

        return ApiRequests.Map(outcome);
    });

    public Task<IResult> MobileAsync(HttpRequest request, CancellationToken ct) => GuardAsync(request, async () =>
    {
        var (id, mobile, clientIp, problem) = await ApiRequests.ReadChallengeBodyAsync(request, "mobile", ct, withClientIp: true).ConfigureAwait(false);
        if (problem is not null)
        {
            return ApiResults.Problem(problem);
        }

        if (string.IsNullOrWhiteSpace(mobile))
        {
            return ApiResults.Problem(Problem.Validation("'mobile' is required."));
        }

        if (mobile.Length > MobileNumberParser.MaxInputLength)
        {
            return ApiResults.Problem(Problem.InvalidMobile($"The mobile number must be at most {MobileNumberParser.MaxInputLength} characters."));
        }

        if (!InputValidation.TryIdempotentCall(request, $"{id}\n{mobile}", out var idempotency, out problem))
        {
            return ApiResults.Problem(problem!);
        }

        return id is null
            ? ApiResults.Problem(Problem.ChallengeNotFound())
            : ApiRequests.Map(await otp.SubmitMobileAsync(id, mobile, ct, idempotency, clientIp).ConfigureAwait(false));
    });

    public Task<IResult> VerifyAsync(HttpRequest request, CancellationToken ct) => GuardAsync(request, async () =>
    {
        var remember = false;
        var (id, code, _, problem) = await ApiRequests.ReadChallengeBodyAsync(request, "code", ct,
            readMore: body => TrustedDeviceFields.ReadRemember(body, out remember)).ConfigureAwait(false);
        if (problem is not null)
        {
            return ApiResults.Problem(problem);
        }

        if (string.IsNullOrWhiteSpace(code) || code.Length > Challenge.MaxCodeLength)
        {
            return ApiResults.Problem(Problem.Validation($"'code' is required and must be at most {Challenge.MaxCodeLength} characters."));
        }

        var result = id is null ? null : await otp.VerifyAsync(id, code, ct, rememberDevice: remember).ConfigureAwait(false);
        return result is null ? ApiResults.Problem(Problem.ChallengeNotFound()) : ApiResults.Json(result);
    });

    public Task<IResult> ResendAsync(HttpRequest request, CancellationToken ct) => GuardAsync(request, async () =>
    {
        var (id, _, clientIp, problem) = await ApiRequests.ReadChallengeBodyAsync(request, null, ct, withClientIp: true).ConfigureAwait(false);
        if (problem is not null || !InputValidation.TryIdempotentCall(request, $"{id}", out var idempotency, out problem))
        {
            return ApiResults.Problem(problem!);
        }

        return ApiRequests.Map(await otp.ResendAsync(id, ct, idempotency, clientIp).ConfigureAwait(false));
    });

    /// <summary><c>GET /api/otp/status?challengeId=</c> (spec §7.3): one point read, never an attempt.</summary>
    public Task<IResult> StatusAsync(HttpRequest request, CancellationToken ct) => GuardAsync(request, async () =>
    {
        if (!ApiRequests.TrySingle(request.Query["challengeId"], "challengeId", out var text, out var problem))
        {
            return ApiResults.Problem(problem!);
        }

        if (string.IsNullOrEmpty(text) || text.Length > InputValidation.MaxChallengeIdLength)
        {
            return ApiResults.Problem(Problem.Validation("'challengeId' is required."));
        }

        var status = ChallengeId.TryParse(text, out var id) ? await otp.StatusAsync(id, ct).ConfigureAwait(false) : null;
        return status is null ? ApiResults.Problem(Problem.ChallengeNotFound()) : ApiResults.Json(status);
    });

    /// <summary><c>POST /api/otp/result</c>: the hosted pages' verified body once, then 404 <c>result_not_found</c> (spec §2.7).</summary>
    public Task<IResult> RedeemResultAsync(HttpRequest request, CancellationToken ct) => GuardAsync(request, async () =>
    {
        var (body, problem) = await RequestReader.ReadObjectAsync(request, ct).ConfigureAwait(false);
        if (problem is not null || !RequestReader.TryGetString(body, "result", out var token, out problem))
        {
            return ApiResults.Problem(problem!);
        }

        if (string.IsNullOrEmpty(token))
        {
            return ApiResults.Problem(Problem.Validation("'result' is required."));
        }

        var verified = await otp.RedeemResultAsync(token, ct).ConfigureAwait(false);
        return verified is null ? ApiResults.Problem(Problem.ResultNotFound()) : ApiResults.Json(verified);
    });

    /// <summary><c>GET /api/openapi.json</c> (spec §7.1): anonymous, cacheable for a few minutes.</summary>
    public Task<IResult> OpenApiAsync(HttpRequest request, CancellationToken ct) =>
        Task.FromResult(Results.Bytes(ApiContract.Utf8, "application/json; charset=utf-8"));

    /// <summary>
    /// <c>POST /api/delivery/receipts/{provider}</c> (spec §8): anonymous; the receipt proves itself. 204 whether it changed
    /// anything or not, so providers stop retrying; 401 <c>invalid_signature</c>, 400, 413 and 415 change nothing.
    /// </summary>
    public Task<IResult> ReceiptAsync(HttpRequest request, CancellationToken ct) => GuardAsync(request, async () =>
    {
        var provider = request.RouteValues["provider"] as string;
        if (string.IsNullOrEmpty(provider) || provider.Length > 64)
        {
            return ApiResults.Problem(Problem.UnknownProvider());
        }

        // A receipt says what it is: a body without a content type is not guessed at (a form read as JSON or the reverse).
        var type = request.ContentType?.Split(';')[0].Trim().ToLowerInvariant();
        if (type is not ("application/x-www-form-urlencoded" or "application/json" or "text/json")
            && (type is { Length: > 0 } || request.ContentLength is not 0))
        {
            return ApiResults.Problem(Problem.UnsupportedMediaType());
        }

        var (bytes, problem) = await RequestReader.ReadBytesAsync(request, ReceiptHandler.MaxBodyBytes, ct).ConfigureAwait(false);
        if (problem is not null)
        {
            return ApiResults.Problem(problem);
        }

        string body;
        try
        {
            body = new System.Text.UTF8Encoding(false, true).GetString(bytes);
        }
        catch (System.Text.DecoderFallbackException)
        {
            return ApiResults.Problem(Problem.Validation("The receipt is not UTF-8 text."));
        }

        var headers = request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        var url = receipts.PublicUrl(request.Scheme, request.Host.ToUriComponent(), request.PathBase.ToUriComponent() + request.Path.ToUriComponent() + request.QueryString.ToUriComponent());
        problem = await receipts.HandleAsync(provider, new ReceiptRequest(request.Method, url, headers, request.ContentType, body), ct).ConfigureAwait(false);
        return problem is null ? Results.NoContent() : ApiResults.Problem(problem);
    });

    /// <summary><c>GET /api/health</c> (spec §2.6): the three checks at once, each bounded, so an outage answers 503 within 5 s.</summary>
    public async Task<IResult> HealthAsync(HttpRequest request, CancellationToken ct)
    {
        async Task<(string Name, string? Failure)> Check(string name, Func<CancellationToken, Task> probe)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(5));
            try
            {
                await probe(timeout.Token).ConfigureAwait(false);
                return (name, null);
            }
            catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                LogHealthCheckFailed(logger, name, e.GetType().Name);
                return (name, e.GetType().Name);
            }
        }

        var results = await Task.WhenAll(Check("tables", store.CheckAsync), Check("queue", queue.CheckAsync), Check("secrets", secrets.CheckAsync))
            .ConfigureAwait(false);
        var healthy = results.All(r => r.Failure is null);
        var checks = results.ToDictionary(r => r.Name, r => r.Failure is null ? "healthy" : "unhealthy: " + r.Failure);
        return ApiResults.Json(new { status = healthy ? "healthy" : "unhealthy", checks }, healthy ? 200 : 503);
    }

    private Task<IResult> GuardAsync(HttpRequest request, Func<Task<IResult>> handler) =>
        ServiceGuard.RunAsync(handler, ApiResults.Problem, logger, request.HttpContext.RequestAborted);

    // The hosted pages (spec §2.7) for both hosts, under the same guard: a failing dependency draws the pages' own 503
    // page. Hosts reach the pages only through these, so no host can serve a page unguarded.
    public Task<IResult> PageViewAsync(HttpRequest request, CancellationToken ct) => GuardPageAsync(request, () => pages.ViewAsync(request, ct));

    public Task<IResult> PageVerifyAsync(HttpRequest request, CancellationToken ct) => GuardPageAsync(request, () => pages.VerifyAsync(request, ct));

    public Task<IResult> PageResendAsync(HttpRequest request, CancellationToken ct) => GuardPageAsync(request, () => pages.ResendAsync(request, ct));

    public Task<IResult> PageMobileAsync(HttpRequest request, CancellationToken ct) => GuardPageAsync(request, () => pages.MobileAsync(request, ct));

    public Task<IResult> PageStylesAsync(HttpRequest request, CancellationToken ct) => pages.StylesAsync(request, ct);

    public Task<IResult> PageScriptAsync(HttpRequest request, CancellationToken ct) => pages.ScriptAsync(request, ct);

    private Task<IResult> GuardPageAsync(HttpRequest request, Func<Task<IResult>> page) =>
        ServiceGuard.RunAsync(page, problem => pages.Unavailable(request, problem), logger, request.HttpContext.RequestAborted);

    [LoggerMessage(EventId = 5001, Level = LogLevel.Warning, Message = "Health check {Check} failed: {ExceptionType}")]
    private static partial void LogHealthCheckFailed(ILogger logger, string check, string exceptionType);
}
