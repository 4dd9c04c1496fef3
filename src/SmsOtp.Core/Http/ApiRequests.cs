using Microsoft.Extensions.Primitives;

namespace SmsOtp.Core.Http;

/// <summary>What the API's handlers read from a request (a challenge body, the query's user) and the one map of an outcome to a result.</summary>
internal static class ApiRequests
{
    internal static IResult Map<T>(Outcome<T> outcome)
        where T : class =>
        outcome.Problem is { } problem ? ApiResults.Problem(problem) : ApiResults.Json(outcome.Value!);

    /// <summary>
    /// A body naming a challenge, <c>{"challengeId": ..., "&lt;field&gt;": ...}</c>. A missing or overlong id is
    /// 400; an id that does not parse comes back null (the caller answers 404, as for an unknown one).
    /// </summary>
    /// <param name="readMore">Reads the body's other fields (e.g. verify's <c>rememberDevice</c>); a problem it returns is the answer.</param>
    internal static async Task<(ChallengeId? Id, string? Value, IPAddress? ClientIp, ApiProblem? Problem)> ReadChallengeBodyAsync(HttpRequest request,
        string? field, CancellationToken ct, bool withClientIp = false, Func<JsonElement, ApiProblem?>? readMore = null)
    {
        var (body, problem) = await RequestReader.ReadObjectAsync(request, ct).ConfigureAwait(false);
        if (problem is not null || !RequestReader.TryGetString(body, "challengeId", out var text, out problem))
        {
            return (null, null, null, problem);
        }

        if (string.IsNullOrEmpty(text) || text.Length > InputValidation.MaxChallengeIdLength)
        {
            return (null, null, null, Problem.Validation("'challengeId' is required."));
        }

        string? value = null;
        if (field is not null && !RequestReader.TryGetString(body, field, out value, out problem))
        {
            return (null, null, null, problem);
        }

        IPAddress? clientIp = null;
        if (withClientIp && !ClientIpField.TryRead(body, out clientIp, out problem))
        {
            return (null, null, null, problem);
        }

        if (readMore?.Invoke(body) is { } more)
        {
            return (null, null, null, more);
        }

        ChallengeId.TryParse(text, out var id);
        return (id, value, clientIp, null);
    }

    internal static bool TryQueryUser(HttpRequest request, out UserKey user, out ApiProblem? problem)
    {
        user = default;
        if (!TrySingle(request.Query["tenant"], "tenant", out var tenant, out problem)
            || !TrySingle(request.Query["userId"], "userId", out var userId, out problem))
        {
            return false;
        }

        return InputValidation.TryUser(tenant, userId, out user, out problem);
    }

    /// <summary>The user named by the query, then the JSON body; the query is checked first, so a bad one reads nothing.</summary>
    internal static async Task<(UserKey User, JsonElement Body, ApiProblem? Problem)> ReadUserAndBodyAsync(HttpRequest request, CancellationToken ct)
    {
        if (!TryQueryUser(request, out var user, out var problem))
        {
            return (user, default, problem);
        }

        var (body, bodyProblem) = await RequestReader.ReadObjectAsync(request, ct).ConfigureAwait(false);
        return (user, body, bodyProblem);
    }

    internal static bool TrySingle(StringValues values, string name, out string? value, out ApiProblem? problem)
    {
        value = values.Count == 1 ? values[0] : null;
        problem = values.Count > 1 ? Problem.Validation($"Give '{name}' once.") : null;
        return problem is null;
    }
}
