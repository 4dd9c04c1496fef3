namespace SmsOtp.Core.Http;

/// <summary>
/// The one guard between a request and a failing dependency, for the API and the hosted pages alike: a
/// failure of storage, the secret source or the network, however the SDK wraps it (an
/// <see cref="AggregateException"/> once its retries run out, a timeout's cancellation), becomes
/// <see cref="Problem.ServiceUnavailable"/> (the caller renders it as problem JSON or as the pages' error
/// page), never a 500. Only the exception's type and status are logged; messages may quote a response.
/// </summary>
public static partial class ServiceGuard
{
    /// <summary>
    /// Whether <paramref name="exception"/> means a dependency did not answer as it should: storage's one classifier
    /// (<see cref="StorageFailures.IsFailure"/>), with the secret source's missing secret counted too.
    /// </summary>
    /// <param name="requestAborted">The request's own token: a cancellation it caused is the client leaving, not an outage.</param>
    public static bool IsDependencyFailure(Exception exception, CancellationToken requestAborted = default) =>
        StorageFailures.IsFailure(exception, requestAborted, static e => e is SecretNotFoundException);

    public static async Task<T> RunAsync<T>(Func<Task<T>> handler, Func<ApiProblem, T> unavailable, ILogger logger, CancellationToken requestAborted)
    {
        try
        {
            return await handler().ConfigureAwait(false);
        }
        catch (Exception e) when (IsDependencyFailure(e, requestAborted))
        {
            LogDependencyFailed(logger, e.GetType().Name, Status(e));
            return unavailable(Problem.ServiceUnavailable());
        }
    }

    private static int Status(Exception e) => e switch
    {
        RequestFailedException failed => failed.Status,
        AggregateException aggregate => aggregate.InnerExceptions.Select(Status).FirstOrDefault(s => s != 0),
        _ => 0,
    };

    [LoggerMessage(EventId = 5101, Level = LogLevel.Error, Message = "A dependency failed: {ExceptionType} (status {Status})")]
    private static partial void LogDependencyFailed(ILogger logger, string exceptionType, int status);
}
