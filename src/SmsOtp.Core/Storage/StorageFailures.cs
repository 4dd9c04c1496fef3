using System.Net.Sockets;
using System.Security.Cryptography;
using Azure;

namespace SmsOtp.Core.Storage;

/// <summary>Storage failures that say nothing about whether a write was applied (its answer was lost) and that a retry may get past.</summary>
public static class StorageFailures
{
    /// <summary>A random token a write carries, so that its caller recognises its own write on a re-read after a lost answer.</summary>
    public static string NewWriteToken() => Convert.ToHexString(RandomNumberGenerator.GetBytes(8));

    public static bool IsTransient(Exception exception) => exception switch
    {
        AggregateException aggregate => aggregate.InnerExceptions.Count > 0 && aggregate.InnerExceptions.All(IsTransient),
        RequestFailedException failed => failed.Status is 0 or 408 or >= 500,
        StorageUnavailableException or HttpRequestException or TimeoutException or IOException or SocketException or TaskCanceledException => true,
        _ => false,
    };
}
