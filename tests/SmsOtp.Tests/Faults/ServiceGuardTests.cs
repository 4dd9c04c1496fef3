using System.Net.Sockets;
using Azure;

namespace SmsOtp.Tests.Faults;

/// <summary>Every shape a storage or network failure arrives in is a dependency failure (503); a bug is not.</summary>
public sealed class ServiceGuardTests
{
    public static TheoryData<Exception> Outages =>
    [
        new RequestFailedException(503, "busy"),
        new AggregateException(new RequestFailedException(500, "x"), new HttpRequestException("refused")),
        new AggregateException(new TaskCanceledException("network timeout")),
        new TaskCanceledException("The operation was cancelled because it exceeded the configured timeout"),
        new SocketException((int)SocketError.NotConnected),
        new IOException("reset"),
        new StorageUnavailableException("the table is missing"),
        new ConcurrencyConflictException("storm"),
        new TimeoutException(),
    ];

    [Theory]
    [MemberData(nameof(Outages))]
    public void Storage_and_network_failures_however_wrapped_are_dependency_failures(Exception e) =>
        Assert.True(ServiceGuard.IsDependencyFailure(e, CancellationToken.None));

    [Fact]
    public void A_bug_or_the_client_leaving_is_not_an_outage()
    {
        Assert.False(ServiceGuard.IsDependencyFailure(new InvalidOperationException()));
        Assert.False(ServiceGuard.IsDependencyFailure(new AggregateException(new RequestFailedException(500, "x"), new NullReferenceException())));
        Assert.False(ServiceGuard.IsDependencyFailure(new AggregateException()));
        using var aborted = new CancellationTokenSource();
        aborted.Cancel();
        Assert.False(ServiceGuard.IsDependencyFailure(new OperationCanceledException(aborted.Token), aborted.Token));
    }
}
