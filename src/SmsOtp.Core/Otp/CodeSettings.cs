namespace SmsOtp.Core.Otp;

/// <summary>
/// A send's own <c>codeLength</c> and <c>expiresInSeconds</c> (spec §15.3): refused with 400 naming the bound when
/// outside the tenant's (<see cref="CodeBounds"/>); kept on the challenge, so a resend issues the same kind of code.
/// </summary>
public static class CodeSettings
{
    /// <summary>Why the send's settings are refused under <paramref name="policy"/>, or null.</summary>
    public static ApiProblem? Refuse(SendRequest send, PolicyOptions policy)
    {
        if (send.CodeLength is { } length)
        {
            var (min, max) = CodeBounds.Length(policy);
            if (length < min)
            {
                return Problem.Validation($"'codeLength' {length} is below this tenant's {nameof(PolicyOptions.MinTokenLength)} ({min}).");
            }

            if (length > max)
            {
                return Problem.Validation($"'codeLength' {length} is above this tenant's {nameof(PolicyOptions.MaxTokenLength)} ({max}).");
            }
        }

        if (send.ExpiresInSeconds is { } seconds)
        {
            var (min, max) = CodeBounds.ExpirySeconds(policy);
            if (seconds < min)
            {
                return Problem.Validation($"'expiresInSeconds' {seconds} is below this tenant's {nameof(PolicyOptions.MinTokenExpirySeconds)} ({min}).");
            }

            if (seconds > max)
            {
                return Problem.Validation($"'expiresInSeconds' {seconds} is above this tenant's {nameof(PolicyOptions.MaxTokenExpirySeconds)} ({max}).");
            }
        }

        return null;
    }
}
