namespace SmsOtp.Core.Http;

/// <summary>
/// An RFC 9457 problem with the spec's machine-readable <see cref="Code"/>. <see cref="Detail"/> is written
/// for people and never echoes a code, a backup code or a mobile number.
/// </summary>
public sealed record ApiProblem(int Status, string Code, string Title, string Detail)
{
    public DateTimeOffset? LockedUntil { get; init; }
    public TimeSpan? RetryAfter { get; init; }

    public static ApiProblem Validation(string detail) => new(400, ProblemCodes.ValidationFailed, "The request is not valid.", detail);
    public static ApiProblem ChallengeNotFound() => new(404, ProblemCodes.ChallengeNotFound, "Challenge not found.", "No open challenge has this id; it may have been superseded by a newer send.");
    public static ApiProblem ChallengeState(string detail) => new(409, ProblemCodes.ChallengeState, "The challenge is not in a state that allows this.", detail);
    public static ApiProblem Locked(DateTimeOffset until) => new(423, ProblemCodes.AccountLocked, "The account is locked.", "Too many failed verifications; try again after the lock ends.") { LockedUntil = until };
    public static ApiProblem UserNotFound() => new(404, ProblemCodes.UserNotFound, "User not found.", "No profile exists for this tenant and user id.");
}
