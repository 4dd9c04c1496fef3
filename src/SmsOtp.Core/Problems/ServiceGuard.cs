using Azure;
using Microsoft.Extensions.Logging;
using SmsOtp.Core.Secrets;
using SmsOtp.Core.Storage;

namespace SmsOtp.Core.Problems;

/// <summary>
/// The one guard between a request and a failing dependency, for the API and the hosted pages alike: a
/// failure of storage, the secret source or the network becomes <see cref="Problem.ServiceUnavailable"/>
/// (the caller renders it as problem JSON or as the pages' error page), never a 500. Only the exception's
/// type and status are logged; messages may quote a response.
/// </summary>
public static partial class ServiceGuard
{
    /// <summary>Whether <paramref name="exception"/> means a dependency did not answer as it should.</summary>
    public static bool IsDependencyFailure(Exception exception) =>
        exception is RequestFailedException or ConcurrencyConflictException or SecretNotFoundException or HttpRequestException;

    public static async Task<T> RunAsync<T>(Func<Task<T>> handler, Func<ApiProblem, T> unavailable, ILogger logger)
    {
        try
        {
            return await handler().ConfigureAwait(false);
        }
        catch (Exception e) when (IsDependencyFailure(e))
        {
            LogDependencyFailed(logger, e.GetType().Name, (e as RequestFailedException)?.Status ?? 0);
            return unavailable(Problem.ServiceUnavailable());
        }
    }

    [LoggerMessage(EventId = 5101, Level = LogLevel.Error, Message = "A dependency failed: {ExceptionType} (status {Status})")]
    private static partial void LogDependencyFailed(ILogger logger, string exceptionType, int status);
}
