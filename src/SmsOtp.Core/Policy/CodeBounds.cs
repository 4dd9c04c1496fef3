namespace SmsOtp.Core.Policy;

/// <summary>
/// The bounds of a send's own <c>codeLength</c> and <c>expiresInSeconds</c> (spec §15.3). Unset, a bound is the
/// tenant's own <c>TokenLength</c> or <c>TokenExpirySeconds</c>, so a send cannot change either until an operator
/// widens them. The tenant's own values must lie within its bounds.
/// </summary>
public static class CodeBounds
{
    public static (int Min, int Max) Length(PolicyOptions o) => (o.MinTokenLength ?? o.TokenLength, o.MaxTokenLength ?? o.TokenLength);

    public static (int Min, int Max) ExpirySeconds(PolicyOptions o) =>
        (o.MinTokenExpirySeconds ?? o.TokenExpirySeconds, o.MaxTokenExpirySeconds ?? o.TokenExpirySeconds);

    public static void Validate(PolicyOptions o, OptionsErrors errors)
    {
        Check(errors, nameof(PolicyOptions.MinTokenLength), o.MinTokenLength, 4, 10);
        Check(errors, nameof(PolicyOptions.MaxTokenLength), o.MaxTokenLength, 4, 10);
        Check(errors, nameof(PolicyOptions.MinTokenExpirySeconds), o.MinTokenExpirySeconds, 30, 86400);
        Check(errors, nameof(PolicyOptions.MaxTokenExpirySeconds), o.MaxTokenExpirySeconds, 30, 86400);
        Order(errors, Length(o), o.TokenLength, nameof(PolicyOptions.MinTokenLength), nameof(PolicyOptions.TokenLength), nameof(PolicyOptions.MaxTokenLength));
        Order(errors, ExpirySeconds(o), o.TokenExpirySeconds, nameof(PolicyOptions.MinTokenExpirySeconds), nameof(PolicyOptions.TokenExpirySeconds),
            nameof(PolicyOptions.MaxTokenExpirySeconds));
    }

    private static void Check(OptionsErrors errors, string key, int? value, int min, int max)
    {
        if (value is { } v && (v < min || v > max))
        {
            errors.Add($"{errors.Prefix}{key} must be between {min} and {max} (was {v}).");
        }
    }

    private static void Order(OptionsErrors errors, (int Min, int Max) bounds, int own, string minKey, string ownKey, string maxKey)
    {
        if (bounds.Min > own || own > bounds.Max)
        {
            errors.Add($"{errors.Prefix}{minKey} <= {ownKey} <= {maxKey} must hold (is {bounds.Min}, {own}, {bounds.Max}).");
        }
    }
}
