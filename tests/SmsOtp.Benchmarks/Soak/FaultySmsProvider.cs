using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace SmsOtp.Benchmarks.Soak;

/// <summary>
/// The soak's SMS provider on loopback Kestrel (the same JSON template as <see cref="FakeSmsProvider"/>). It
/// answers each request as the fault schedule says at the moment the request arrives, and records every SMS
/// it accepted, with its arrival and acceptance times, in a per-number inbox the logins read.
/// </summary>
public sealed class FaultySmsProvider : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, Inbox> _inboxes = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<AcceptedSms> _accepted = new();
    private readonly ConcurrentDictionary<ProviderFaultKind, long> _answers = new();
    private readonly Func<(ProviderFault Fault, string Window)> _current;
    private readonly TimeSpan _timeout;
    private readonly Random _random;
    private WebApplication? _app;

    private FaultySmsProvider(Func<(ProviderFault, string)> current, TimeSpan timeout, int seed)
    {
        _current = current;
        _timeout = timeout;
        _random = new Random(seed);
    }

    public Uri Url { get; private set; } = null!;

    public IReadOnlyCollection<AcceptedSms> Accepted => _accepted;

    /// <summary>Requests answered per kind (Healthy: accepted at once).</summary>
    public IReadOnlyDictionary<ProviderFaultKind, long> Answers => _answers;

    /// <param name="current">The fault in force now, and the name of its window.</param>
    /// <param name="timeout">The service's provider timeout: an SMS accepted after it is marked late.</param>
    public static async Task<FaultySmsProvider> StartAsync(Func<(ProviderFault, string)> current, TimeSpan timeout, int seed, CancellationToken cancellationToken)
    {
        var provider = new FaultySmsProvider(current, timeout, seed);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.MapPost("/sms", (Func<HttpContext, Task<IResult>>)provider.ReceiveAsync);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        provider._app = app;
        provider.Url = new Uri(address.TrimEnd('/') + "/sms");
        return provider;
    }

    /// <summary>The <paramref name="index"/>-th SMS accepted for <paramref name="to"/>, or null if none came before <paramref name="until"/>.</summary>
    public async Task<AcceptedSms?> NextAsync(string to, int index, DateTimeOffset until, CancellationToken cancellationToken)
    {
        var inbox = _inboxes.GetOrAdd(to, _ => new Inbox());
        while (true)
        {
            Task changed;
            lock (inbox)
            {
                if (inbox.Items.Count > index)
                {
                    return inbox.Items[index];
                }

                changed = inbox.Changed.Task;
            }

            var left = until - DateTimeOffset.UtcNow;
            if (left <= TimeSpan.Zero)
            {
                return null;
            }

            try
            {
                await changed.WaitAsync(left, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                // Look once more, then give up.
            }
        }
    }

    private async Task<IResult> ReceiveAsync(HttpContext context)
    {
        var arrived = Stopwatch.GetTimestamp();
        var (fault, window) = _current();
        using var body = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted).ConfigureAwait(false);
        var to = body.RootElement.GetProperty("to").GetString() ?? "";
        var code = body.RootElement.GetProperty("otp").GetString() ?? "";
        var (kind, delay) = Draw(fault);
        _answers.AddOrUpdate(kind, 1, (_, n) => n + 1);
        switch (kind)
        {
            case ProviderFaultKind.Error500:
                return Results.Json(new { error = "internal" }, statusCode: 500);
            case ProviderFaultKind.Error503:
                return Results.Json(new { error = "unavailable" }, statusCode: 503);
            case ProviderFaultKind.Throttle429:
                context.Response.Headers.RetryAfter = fault.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
                return Results.Json(new { error = "throttled" }, statusCode: 429);
            case ProviderFaultKind.ConnectionReset:
                // Linger 0 makes the close an RST; the service sees its request fail with nothing sent.
                if (context.Features.Get<IConnectionSocketFeature>()?.Socket is { } socket)
                {
                    socket.LingerState = new LingerOption(true, 0);
                }

                context.Abort();
                return Results.Empty;
            case ProviderFaultKind.Slow or ProviderFaultKind.Late:
                // A real provider that is slow still sends: the SMS goes out after the delay even if the caller left.
                await Task.Delay(delay, CancellationToken.None).ConfigureAwait(false);
                break;
        }

        var accepted = Stopwatch.GetTimestamp();
        var late = context.RequestAborted.IsCancellationRequested || Stopwatch.GetElapsedTime(arrived, accepted) >= _timeout;
        Accept(new AcceptedSms(to, code, arrived, accepted, late, window));
        return Results.Json(new { status = "queued" }, statusCode: 202);
    }

    private (ProviderFaultKind Kind, TimeSpan Delay) Draw(ProviderFault fault)
    {
        lock (_random)
        {
            if (fault.Kind == ProviderFaultKind.Healthy || _random.NextDouble() >= fault.Ratio)
            {
                return (ProviderFaultKind.Healthy, TimeSpan.Zero);
            }

            var delay = fault.MinDelay + ((fault.MaxDelay - fault.MinDelay) * _random.NextDouble());
            return (fault.Kind, delay);
        }
    }

    private void Accept(AcceptedSms sms)
    {
        _accepted.Enqueue(sms);
        var inbox = _inboxes.GetOrAdd(sms.To, _ => new Inbox());
        TaskCompletionSource changed;
        lock (inbox)
        {
            inbox.Items.Add(sms);
            changed = inbox.Changed;
            inbox.Changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        changed.TrySetResult();
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync().ConfigureAwait(false);
            await _app.DisposeAsync().ConfigureAwait(false);
        }
    }

    private sealed class Inbox
    {
        public List<AcceptedSms> Items { get; } = [];
        public TaskCompletionSource Changed { get; set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
