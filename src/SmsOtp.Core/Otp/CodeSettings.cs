namespace SmsOtp.Core.Otp;

/// <summary>
/// A send's own <c>codeLength</c> and <c>expiresInSeconds</c> (spec §15.3): refused with 400 naming the bound when
/// outside the tenant's (<see cref="CodeBounds"/>); kept on the challenge, so a resend issues the same kind of code.
/// </summary>
public static class CodeSettings
{
    /// <summary>Why the send's settings are refused under <paramref name="policy"/>, or null.</summary>
    public static ApiProblem? Refuse(SendRequest send, PolicyOptions policy) =>
        OutOfBounds("codeLength", send.CodeLength, policy, CodeBounds.Length, nameof(PolicyOptions.MinTokenLength), nameof(PolicyOptions.MaxTokenLength))
        ?? OutOfBounds("expiresInSeconds", send.ExpiresInSeconds, policy, CodeBounds.ExpirySeconds,
            nameof(PolicyOptions.MinTokenExpirySeconds), nameof(PolicyOptions.MaxTokenExpirySeconds));

    /// <summary>
    /// The problem of a field below or above the tenant's bounds (each named by its policy key); null when absent or within.
    /// The bounds are worked out only for a field the send gave (most sends give none).
    /// </summary>
    private static ApiProblem? OutOfBounds(string field, int? value, PolicyOptions policy, Func<PolicyOptions, (int Min, int Max)> bounds, string minKey, string maxKey)
    {
        if (value is not { } given)
        {
            return null;
        }

        var (min, max) = bounds(policy);
        return given < min ? Problem.Validation($"'{field}' {given} is below this tenant's {minKey} ({min}).")
            : given > max ? Problem.Validation($"'{field}' {given} is above this tenant's {maxKey} ({max}).")
            : null;
    }
}
