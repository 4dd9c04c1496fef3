namespace SmsOtp.Benchmarks.ColdStart;

/// <summary>What a cold-start target is, which decides what "ready" means for it.</summary>
public enum ColdKind
{
    /// <summary>The minimal ASP.NET Core app: ready at its first 200 on <c>GET /api/health</c>.</summary>
    Minimal,

    /// <summary>The local server: first healthy <c>GET /api/health</c>, then a first verified login.</summary>
    LocalServer,

    /// <summary>The Functions worker: ready when it opens its connection to the host's gRPC endpoint.</summary>
    FunctionsWorker,

    /// <summary>
    /// The Functions app in the Azure Functions host (func or SMSOTP_FUNCTIONS_HOST, when available): first healthy
    /// <c>GET /api/health</c> through the host, then a first verified login with a function key.
    /// </summary>
    FunctionsHost,
}
