namespace SmsOtp.Core.Problems;

/// <summary>A handler's answer: a body for 200, or a problem for an error status.</summary>
public readonly record struct Outcome<T>(T? Value, ApiProblem? Problem)
    where T : class
{
    public static implicit operator Outcome<T>(T value) => new(value, null);
    public static implicit operator Outcome<T>(ApiProblem problem) => new(null, problem);
}
