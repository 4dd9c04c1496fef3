using System.Collections.Concurrent;

namespace SmsOtp.Core.Providers;

/// <summary>
/// The development sink used when no provider is configured: each SMS is printed to the console and kept
/// for <c>GET /api/dev/outbox</c>. It deliberately shows the code (that is its purpose), so it writes to
/// standard output, never to the logging pipeline, and is refused outside Development by the Functions app.
/// </summary>
public sealed class DevOutbox(TimeProvider time) : ISmsSender
{
    private const string Name = "dev-outbox";
    private const int Capacity = 200;
    private readonly ConcurrentQueue<OutboxEntry> _entries = new();

    public IReadOnlyList<OutboxEntry> Entries => [.. _entries];

    public Task<DeliveryResult> SendAsync(SmsMessage message, CancellationToken cancellationToken)
    {
        using var call = SmsOtpTelemetry.StartProviderCall(Name);
        _entries.Enqueue(new OutboxEntry(message.To, message.Text, message.Code, time.GetUtcNow()));
        while (_entries.Count > Capacity && _entries.TryDequeue(out _))
        {
        }

        Console.Out.WriteLine($"[dev outbox] SMS to {message.To}: {message.Text}");
        call.End(ProviderCall.Accepted, null);
        return Task.FromResult(new DeliveryResult(true, Name, []));
    }
}
