using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace SmsOtp.Benchmarks;

/// <summary>
/// An SMS provider on loopback Kestrel: the service's real HTTP delivery path posts each SMS here
/// (JSON template <see cref="PayloadTemplate"/>), and this captures the code and the arrival time.
/// A login registers its number with <see cref="Expect"/> before it sends, so no SMS is missed.
/// </summary>
public sealed class FakeSmsProvider : IAsyncDisposable
{
    public const string PayloadTemplate = "{\"to\":\"$ctx.num\",\"otp\":\"$ctx.otp\",\"text\":\"$ctx.msg\"}";

    private readonly ConcurrentDictionary<string, TaskCompletionSource<CapturedSms>> _waiting = new(StringComparer.Ordinal);
    private WebApplication? _app;
    private long _received;
    private long _unexpected;

    public Uri Url { get; private set; } = null!;
    public long Received => Interlocked.Read(ref _received);
    public long Unexpected => Interlocked.Read(ref _unexpected);

    public static async Task<FakeSmsProvider> StartAsync(int port, CancellationToken cancellationToken)
    {
        var provider = new FakeSmsProvider();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        var app = builder.Build();
        app.MapPost("/sms", (Func<HttpContext, Task<IResult>>)provider.ReceiveAsync);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        provider._app = app;
        provider.Url = new Uri(address.TrimEnd('/') + "/sms");
        return provider;
    }

    /// <summary>Registers interest in the next SMS to <paramref name="e164"/>.</summary>
    public Task<CapturedSms> Expect(string e164)
    {
        var waiter = new TaskCompletionSource<CapturedSms>(TaskCreationOptions.RunContinuationsAsynchronously);
        _waiting[e164] = waiter;
        return waiter.Task;
    }

    public void Forget(string e164) => _waiting.TryRemove(e164, out _);

    private async Task<IResult> ReceiveAsync(HttpContext context)
    {
        var arrived = Stopwatch.GetTimestamp();
        using var body = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted).ConfigureAwait(false);
        var to = body.RootElement.GetProperty("to").GetString() ?? "";
        var code = body.RootElement.GetProperty("otp").GetString() ?? "";
        Interlocked.Increment(ref _received);
        if (_waiting.TryRemove(to, out var waiter))
        {
            waiter.TrySetResult(new CapturedSms(to, code, arrived));
        }
        else
        {
            Interlocked.Increment(ref _unexpected);
        }

        return Results.Json(new { status = "queued" }, statusCode: 202);
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync().ConfigureAwait(false);
            await _app.DisposeAsync().ConfigureAwait(false);
        }
    }
}
