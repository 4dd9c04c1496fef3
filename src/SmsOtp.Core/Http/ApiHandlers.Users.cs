namespace SmsOtp.Core.Http;

/// <summary>The user routes of the API (spec §2.4, §2.5): profile, backup codes and unlock.</summary>
public sealed partial class ApiHandlers
{
    public Task<IResult> GetUserAsync(HttpRequest request, CancellationToken ct) =>
        ForQueryUserAsync(request, async user => ApiRequests.Map(await profiles.GetAsync(user, ct).ConfigureAwait(false)));

    public Task<IResult> PutUserAsync(HttpRequest request, CancellationToken ct) => GuardAsync(request, async () =>
    {
        var (user, body, problem) = await ApiRequests.ReadUserAndBodyAsync(request, ct).ConfigureAwait(false);
        if (problem is not null || !RequestReader.TryGetString(body, "mobile", out var mobile, out problem))
        {
            return ApiResults.Problem(problem!);
        }

        var removeMobile = body.TryGetProperty("mobile", out var m) && m.ValueKind == JsonValueKind.Null;
        if (mobile is not null && string.IsNullOrWhiteSpace(mobile))
        {
            return ApiResults.Problem(Problem.Validation("'mobile' must be a number or null."));
        }

        bool? disabled = null;
        if (body.TryGetProperty("smsOtpDisabled", out var d) && d.ValueKind != JsonValueKind.Null)
        {
            if (d.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
            {
                return ApiResults.Problem(Problem.Validation("'smsOtpDisabled' must be true or false."));
            }

            disabled = d.GetBoolean();
        }

        return ApiRequests.Map(await profiles.PutAsync(user, new ProfileUpdate(mobile, removeMobile, disabled), ct).ConfigureAwait(false));
    });

    public Task<IResult> DeleteUserAsync(HttpRequest request, CancellationToken ct) => ForQueryUserAsync(request, async user =>
    {
        await profiles.DeleteAsync(user, ct).ConfigureAwait(false);
        return ApiResults.NoContent();
    });

    public Task<IResult> GenerateBackupCodesAsync(HttpRequest request, CancellationToken ct) =>
        ForQueryUserAsync(request, async user => ApiRequests.Map(await profiles.GenerateBackupCodesAsync(user, ct).ConfigureAwait(false)));

    public Task<IResult> ImportBackupCodesAsync(HttpRequest request, CancellationToken ct) => GuardAsync(request, async () =>
    {
        var (user, body, problem) = await ApiRequests.ReadUserAndBodyAsync(request, ct).ConfigureAwait(false);
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
            return ApiResults.Problem(Problem.Validation($"'codes' must be an array of at most {BackupCodes.MaxImported} strings or one comma-separated string."));
        }

        if (!BackupCodes.TryParseImport(items, out var parsed, out var error))
        {
            return ApiResults.Problem(Problem.Validation(error!));
        }

        return ApiRequests.Map(await profiles.ImportBackupCodesAsync(user, parsed, ct).ConfigureAwait(false));
    });

    /// <summary><c>DELETE /api/users/devices</c> (spec §15.1): forgets every remembered device of the user; 204 either way.</summary>
    public Task<IResult> RevokeDevicesAsync(HttpRequest request, CancellationToken ct) => ForQueryUserAsync(request, async user =>
    {
        await profiles.RevokeDevicesAsync(user, ct).ConfigureAwait(false);
        return ApiResults.NoContent();
    });

    public Task<IResult> UnlockAsync(HttpRequest request, CancellationToken ct) =>
        ForQueryUserAsync(request, async user => ApiRequests.Map(await profiles.UnlockAsync(user, ct).ConfigureAwait(false)));

    /// <summary>A route of the user the query names (<c>?userId=</c>); without a valid one, its problem.</summary>
    private Task<IResult> ForQueryUserAsync(HttpRequest request, Func<UserKey, Task<IResult>> handle) => GuardAsync(request, async () =>
        ApiRequests.TryQueryUser(request, out var user, out var problem)
            ? await handle(user).ConfigureAwait(false)
            : ApiResults.Problem(problem!));
}
