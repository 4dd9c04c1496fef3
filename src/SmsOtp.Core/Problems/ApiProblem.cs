namespace SmsOtp.Core.Problems;

/// <summary>
/// An RFC 9457 problem with the spec's machine-readable <see cref="Code"/>. <see cref="Detail"/> is written
/// for people and never echoes a code, a backup code or a mobile number. Every instance is made by
/// <see cref="Problem"/>, the one list of what the service can answer.
/// </summary>
public sealed record ApiProblem
{
    internal ApiProblem(int status, string code, string title, string detail)
    {
        Status = status;
        Code = code;
        Title = title;
        Detail = detail;
    }

    public int Status { get; }
    public string Code { get; }
    public string Title { get; }
    public string Detail { get; }
    public DateTimeOffset? LockedUntil { get; init; }
    public TimeSpan? RetryAfter { get; init; }
}
