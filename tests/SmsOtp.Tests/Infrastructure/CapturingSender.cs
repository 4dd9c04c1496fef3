using System.Collections.Concurrent;

namespace SmsOtp.Tests.Infrastructure;

/// <summary>An <see cref="ISmsSender"/> that records each SMS and answers as told.</summary>
public sealed class CapturingSender : ISmsSender
{
    public ConcurrentQueue<SmsMessage> Sent { get; } = new();

    public Func<SmsMessage, bool> Accept { get; set; } = _ => true;

    public Task<DeliveryResult> SendAsync(SmsMessage message, CancellationToken cancellationToken)
    {
        Sent.Enqueue(message);
        var ok = Accept(message);
        return Task.FromResult(new DeliveryResult(ok, ok ? "capture" : null, ok ? [] : ["capture: Rejected"]));
    }
}
