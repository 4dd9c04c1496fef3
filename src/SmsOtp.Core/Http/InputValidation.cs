using System.Text.RegularExpressions;

namespace SmsOtp.Core.Http;

/// <summary>The spec's identifier rules for tenant and userId (spec §2).</summary>
internal static partial class InputValidation
{
    public const string DefaultTenant = TenantNames.Default;
    public const int MaxUserIdLength = 256;
    public const int MaxChallengeIdLength = 128;
    private static readonly UTF8Encoding StrictUtf8 = new(false, true);

    public static bool TryUser(string? tenant, string? userId, out UserKey user, out ApiProblem? problem)
    {
        user = default;
        problem = null;
        tenant ??= DefaultTenant;
        if (!TenantNames.IsValid(tenant))
        {
            problem = Problem.Validation($"'tenant' must be {TenantNames.Rule}.");
            return false;
        }

        if (string.IsNullOrEmpty(userId) || userId.Length > MaxUserIdLength)
        {
            problem = Problem.Validation($"'userId' is required and must be 1 to {MaxUserIdLength} characters.");
            return false;
        }

        if (userId.Any(char.IsControl) || !IsWellFormed(userId))
        {
            problem = Problem.Validation("'userId' must not contain control characters or broken Unicode.");
            return false;
        }

        user = new UserKey(tenant, userId);
        return true;
    }

    public static bool IsWellFormed(string value)
    {
        try
        {
            StrictUtf8.GetByteCount(value);
            return true;
        }
        catch (EncoderFallbackException)
        {
            return false;
        }
    }

    /// <summary>
    /// The optional <c>Idempotency-Key</c> header (spec §7.2): 1 to 64 of <c>A-Za-z0-9-_.:</c>, at most once.
    /// With it, <paramref name="call"/> carries the key and the request in the canonical form a repeat must match.
    /// </summary>
    public static bool TryIdempotentCall(HttpRequest request, string canonicalRequest, out IdempotentCall? call, out ApiProblem? problem)
    {
        call = null;
        problem = null;
        var values = request.Headers[IdempotencyKeyHeader];
        if (values.Count == 0)
        {
            return true;
        }

        if (values.Count > 1 || values[0] is not { } key || !IdempotencyKeyPattern().IsMatch(key))
        {
            problem = Problem.Validation($"'{IdempotencyKeyHeader}' must be given once, 1 to 64 characters from A-Z, a-z, 0-9, '-', '_', '.' and ':'.");
            return false;
        }

        call = new IdempotentCall(key, canonicalRequest);
        return true;
    }

    public const string IdempotencyKeyHeader = "Idempotency-Key";

    [GeneratedRegex(@"^[A-Za-z0-9_.:-]{1,64}\z", RegexOptions.CultureInvariant)]
    private static partial Regex IdempotencyKeyPattern();
}
