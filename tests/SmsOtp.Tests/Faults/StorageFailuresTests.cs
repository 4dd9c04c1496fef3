using Azure;

namespace SmsOtp.Tests.Faults;

/// <summary>
/// The one classifier of storage failures: transient (a write's answer may be lost; a retry may get past) is a narrower
/// class than a failure (which a request answers with 503), and an aggregate is as good as its worst inner exception.
/// </summary>
public sealed class StorageFailuresTests
{
    public static TheoryData<Exception, bool, bool> Cases => new()
    {
        { new RequestFailedException(503, "busy"), true, true },
        { new RequestFailedException(0, "no answer"), true, true },
        { new RequestFailedException(409, "conflict"), false, true },
        { new ConcurrencyConflictException("storm"), false, true },
        { new OperationCanceledException(), false, true },
        { new TaskCanceledException("timeout"), true, true },
        { new AggregateException(new RequestFailedException(500, "x"), new IOException("reset")), true, true },
        { new AggregateException(new RequestFailedException(500, "x"), new RequestFailedException(400, "bad")), false, true },
        { new AggregateException(new RequestFailedException(500, "x"), new InvalidOperationException()), false, false },
        { new InvalidOperationException(), false, false },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Transient_is_a_failure_a_retry_may_get_past(Exception e, bool transient, bool failure)
    {
        Assert.Equal(transient, StorageFailures.IsTransient(e));
        Assert.Equal(failure, StorageFailures.IsFailure(e));
    }
}
