using System.Collections.Concurrent;

namespace SmsOtp.Client.Tests.Infrastructure;

/// <summary>Which attempts <see cref="FaultInjectingHandler"/> breaks, and the record of every attempt.</summary>
public sealed class FaultPlan
{
    private readonly ConcurrentQueue<Attempt> _attempts = new();
    private readonly ConcurrentDictionary<string, int> _counts = new();
    private readonly ConcurrentDictionary<string, Fault[]> _faults = new();

    private readonly ConcurrentQueue<string> _lostAnswers = new();

    public IReadOnlyList<Attempt> Attempts => [.. _attempts];

    /// <summary>The bodies of the answers <see cref="Fault.LoseResponse"/> dropped: what the server did answer.</summary>
    public IReadOnlyList<string> LostAnswers => [.. _lostAnswers];

    internal void Lost(string body) => _lostAnswers.Enqueue(body);

    /// <summary>The attempts at one route, e.g. <c>POST /api/otp/send</c>.</summary>
    public IReadOnlyList<Attempt> At(string method, string path) =>
        [.. _attempts.Where(a => a.Method == method && a.Path == path)];

    /// <summary>The first attempts at a route get these faults, in order; later attempts pass.</summary>
    public FaultPlan Break(string method, string path, params Fault[] faults)
    {
        _faults[method + " " + path] = faults;
        return this;
    }

    internal async Task<(Attempt Attempt, Fault Fault)> NextAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
        var method = request.Method.Method;
        var path = request.RequestUri!.AbsolutePath;
        var route = method + " " + path;
        var number = _counts.AddOrUpdate(route, 1, (_, n) => n + 1);
        var key = request.Headers.TryGetValues("Idempotency-Key", out var values) ? values.Single() : null;
        var attempt = new Attempt(method, path, key, number, body);
        _attempts.Enqueue(attempt);
        var fault = _faults.TryGetValue(route, out var faults) && number <= faults.Length ? faults[number - 1] : Fault.None;
        return (attempt, fault);
    }
}
