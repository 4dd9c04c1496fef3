using System.Text.Json;
using Azure;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Primitives;
using SmsOtp.Core.Delivery;
using SmsOtp.Core.Otp;
using SmsOtp.Core.Pages;
using SmsOtp.Core.Phone;
using SmsOtp.Core.Secrets;
using SmsOtp.Core.Storage;
using SmsOtp.Core.Users;

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
    ILogger<ApiHandlers> logger)
{
    /// <summary>The hosted pages (spec §2.7), for the route table.</summary>
    public PageHandlers Pages => pages;

    public Task<IResult> SendAsync(HttpRequest request, CancellationToken ct) => GuardAsync(async () =>
    {
        var (body, problem) = await RequestReader.ReadObjectAsync(request, ct).ConfigureAwait(false);
        if (problem is not null
            || !RequestReader.TryGetString(body, "tenant", out var tenant, out problem)
            || !RequestReader.TryGetString(body, "userId", out var userId, out problem)
            || !InputValidation.TryUser(tenant, userId, out var user, out problem)
            || !RequestReader.TryGetString(body, "returnUrl", out var returnUrl, out problem)
            || (returnUrl is not null && !pages.TryAllowReturnUrl(returnUrl, out problem)))
        {
            return ApiResults.Problem(problem!);
        }

        var outcome = await otp.SendAsync(user, ct).ConfigureAwait(false);
        if (returnUrl is not null && outcome.Value is { ChallengeId: { } challengeId } sent)
        {
            // The hosted-pages flow (spec §2.7): sent and mobile_required get a page to redirect to.
            outcome = sent with { PageUrl = await pages.PageUrlAsync(request, challengeId, returnUrl, ct).ConfigureAwait(false) };
        }

        return Map(outcome);
    });

    public Task<IResult> MobileAsync(HttpRequest request, CancellationToken ct) => GuardAsync(async () =>
    {
        var (body, problem) = await RequestReader.ReadObjectAsync(request, ct).ConfigureAwait(false);
        if (problem is not null
            || !TryChallengeId(body, out var challengeId, out problem)
            || !RequestReader.TryGetString(body, "mobile", out var mobile, out problem))
        {
            return ApiResults.Problem(problem!);
        }

        if (string.IsNullOrWhiteSpace(mobile))
        {
            return ApiResults.Problem(ApiProblem.Validation("'mobile' is required."));
        }

        if (mobile.Length > MobileNumberParser.MaxInputLength)
        {
            return ApiResults.Problem(new ApiProblem(400, ProblemCodes.InvalidMobile, "Invalid mobile number.",
                $"The mobile number must be at most {MobileNumberParser.MaxInputLength} characters."));
        }

        return Map(await otp.SubmitMobileAsync(challengeId, mobile, ct).ConfigureAwait(false));
    });

    public Task<IResult> VerifyAsync(HttpRequest request, CancellationToken ct) => GuardAsync(async () =>
    {
        var (body, problem) = await RequestReader.ReadObjectAsync(request, ct).ConfigureAwait(false);
        if (problem is not null
            || !TryChallengeId(body, out var challengeId, out problem)
            || !RequestReader.TryGetString(body, "code", out var code, out problem))
        {
            return ApiResults.Problem(problem!);
        }

        if (string.IsNullOrWhiteSpace(code) || code.Length > InputValidation.MaxCodeLength)
        {
            return ApiResults.Problem(ApiProblem.Validation($"'code' is required and must be at most {InputValidation.MaxCodeLength} characters."));
        }

        var result = await otp.VerifyAsync(challengeId, code, ct).ConfigureAwait(false);
        return result is null ? ApiResults.Problem(ApiProblem.ChallengeNotFound()) : ApiResults.Json(result);
    });

    public Task<IResult> ResendAsync(HttpRequest request, CancellationToken ct) => GuardAsync(async () =>
    {
        var (body, problem) = await RequestReader.ReadObjectAsync(request, ct).ConfigureAwait(false);
        if (problem is not null || !TryChallengeId(body, out var challengeId, out problem))
        {
            return ApiResults.Problem(problem!);
        }

        return Map(await otp.ResendAsync(challengeId, ct).ConfigureAwait(false));
    });

    public Task<IResult> GetUserAsync(HttpRequest request, CancellationToken ct) => GuardAsync(async () =>
        TryQueryUser(request, out var user, out var problem)
            ? Map(await profiles.GetAsync(user, ct).ConfigureAwait(false))
            : ApiResults.Problem(problem!));

    public Task<IResult> PutUserAsync(HttpRequest request, CancellationToken ct) => GuardAsync(async () =>
    {
        if (!TryQueryUser(request, out var user, out var problem))
        {
            return ApiResults.Problem(problem!);
        }

        (var body, problem) = await RequestReader.ReadObjectAsync(request, ct).ConfigureAwait(false);
        if (problem is not null || !RequestReader.TryGetString(body, "mobile", out var mobile, out problem))
        {
            return ApiResults.Problem(problem!);
        }

        var removeMobile = body.TryGetProperty("mobile", out var m) && m.ValueKind == JsonValueKind.Null;
        if (mobile is not null && string.IsNullOrWhiteSpace(mobile))
        {
            return ApiResults.Problem(ApiProblem.Validation("'mobile' must be a number or null."));
        }

        bool? disabled = null;
        if (body.TryGetProperty("smsOtpDisabled", out var d) && d.ValueKind != JsonValueKind.Null)
        {
            if (d.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
            {
                return ApiResults.Problem(ApiProblem.Validation("'smsOtpDisabled' must be true or false."));
            }

            disabled = d.GetBoolean();
        }

        return Map(await profiles.PutAsync(user, new ProfileUpdate(mobile, removeMobile, disabled), ct).ConfigureAwait(false));
    });

    public Task<IResult> DeleteUserAsync(HttpRequest request, CancellationToken ct) => GuardAsync(async () =>
    {
        if (!TryQueryUser(request, out var user, out var problem))
        {
            return ApiResults.Problem(problem!);
        }

        await profiles.DeleteAsync(user, ct).ConfigureAwait(false);
        return ApiResults.NoContent();
    });

    public Task<IResult> GenerateBackupCodesAsync(HttpRequest request, CancellationToken ct) => GuardAsync(async () =>
        TryQueryUser(request, out var user, out var problem)
            ? Map(await profiles.GenerateBackupCodesAsync(user, ct).ConfigureAwait(false))
            : ApiResults.Problem(problem!));

    public Task<IResult> ImportBackupCodesAsync(HttpRequest request, CancellationToken ct) => GuardAsync(async () =>
    {
        if (!TryQueryUser(request, out var user, out var problem))
        {
            return ApiResults.Problem(problem!);
        }

        (var body, problem) = await RequestReader.ReadObjectAsync(request, ct).ConfigureAwait(false);
        if (problem is not null)
        {
            return ApiResults.Problem(problem);
        }

        // A list of codes, or WSO2's comma-separated claim value as one string.
        var items = new List<string>();
        var valid = false;
        if (body.TryGetProperty("codes", out var codes) && codes.ValueKind == JsonValueKind.String)
        {
            valid = RequestReader.TryReadString(codes, "codes", out var one, out _);
            items.Add(one ?? string.Empty);
        }
        else if (codes.ValueKind == JsonValueKind.Array && codes.GetArrayLength() <= BackupCodes.MaxImported
                 && codes.EnumerateArray().All(c => c.ValueKind == JsonValueKind.String))
        {
            valid = true;
            foreach (var c in codes.EnumerateArray())
            {
                valid &= RequestReader.TryReadString(c, "codes", out var item, out _);
                items.Add(item ?? string.Empty);
            }
        }

        if (!valid)
        {
            return ApiResults.Problem(ApiProblem.Validation($"'codes' must be an array of at most {BackupCodes.MaxImported} strings or one comma-separated string."));
        }

        if (!BackupCodes.TryParseImport(items, out var parsed, out var error))
        {
            return ApiResults.Problem(ApiProblem.Validation(error!));
        }

        return Map(await profiles.ImportBackupCodesAsync(user, parsed, ct).ConfigureAwait(false));
    });

    public Task<IResult> UnlockAsync(HttpRequest request, CancellationToken ct) => GuardAsync(async () =>
        TryQueryUser(request, out var user, out var problem)
            ? Map(await profiles.UnlockAsync(user, ct).ConfigureAwait(false))
            : ApiResults.Problem(problem!));

    public async Task<IResult> HealthAsync(HttpRequest request, CancellationToken ct)
    {
        var checks = new Dictionary<string, string>();
        var healthy = true;
        async Task Check(string name, Func<CancellationToken, Task> probe)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(5));
            try
            {
                await probe(timeout.Token).ConfigureAwait(false);
                checks[name] = "healthy";
            }
            catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                healthy = false;
                checks[name] = "unhealthy: " + e.GetType().Name;
                LogHealthCheckFailed(logger, name, e.GetType().Name);
            }
        }

        await Check("tables", store.CheckAsync).ConfigureAwait(false);
        await Check("queue", queue.CheckAsync).ConfigureAwait(false);
        await Check("secrets", secrets.CheckAsync).ConfigureAwait(false);
        return ApiResults.Json(new { status = healthy ? "healthy" : "unhealthy", checks }, healthy ? 200 : 503);
    }

    private static IResult Map<T>(Outcome<T> outcome)
        where T : class =>
        outcome.Problem is { } problem ? ApiResults.Problem(problem) : ApiResults.Json(outcome.Value!);

    private static bool TryChallengeId(JsonElement body, out string? challengeId, out ApiProblem? problem)
    {
        if (!RequestReader.TryGetString(body, "challengeId", out challengeId, out problem))
        {
            return false;
        }

        if (string.IsNullOrEmpty(challengeId) || challengeId.Length > InputValidation.MaxChallengeIdLength)
        {
            problem = ApiProblem.Validation("'challengeId' is required.");
            return false;
        }

        return true;
    }

    private static bool TryQueryUser(HttpRequest request, out UserKey user, out ApiProblem? problem)
    {
        user = default;
        if (!TrySingle(request.Query["tenant"], "tenant", out var tenant, out problem)
            || !TrySingle(request.Query["userId"], "userId", out var userId, out problem))
        {
            return false;
        }

        return InputValidation.TryUser(tenant, userId, out user, out problem);
    }

    private static bool TrySingle(StringValues values, string name, out string? value, out ApiProblem? problem)
    {
        value = values.Count == 1 ? values[0] : null;
        problem = values.Count > 1 ? ApiProblem.Validation($"Give '{name}' once.") : null;
        return problem is null;
    }

    private async Task<IResult> GuardAsync(Func<Task<IResult>> handler)
    {
        try
        {
            return await handler().ConfigureAwait(false);
        }
        catch (Exception e) when (e is RequestFailedException or ConcurrencyConflictException or SecretNotFoundException or HttpRequestException)
        {
            LogDependencyFailed(logger, e.GetType().Name, (e as RequestFailedException)?.Status ?? 0);
            return ApiResults.Problem(new ApiProblem(503, ProblemCodes.ServiceUnavailable, "Service unavailable.", "A dependency of the service did not answer; retry shortly.")
            {
                RetryAfter = TimeSpan.FromSeconds(1),
            });
        }
    }

    [LoggerMessage(EventId = 5001, Level = LogLevel.Error, Message = "A dependency failed: {ExceptionType} (status {Status})")]
    private static partial void LogDependencyFailed(ILogger logger, string exceptionType, int status);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Warning, Message = "Health check {Check} failed: {ExceptionType}")]
    private static partial void LogHealthCheckFailed(ILogger logger, string check, string exceptionType);
}
