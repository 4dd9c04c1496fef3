namespace SmsOtp.Tests.Hosts;

/// <summary>
/// Where the two hosts legitimately differ, in one place (spec §13); every other behaviour is the same, and a
/// journey that finds otherwise has found a defect of the Functions app.
/// <list type="bullet">
/// <item>The development outbox (<c>GET /api/dev/outbox</c>) exists on the local server only (without providers);
/// the journeys read codes from the WireMock provider on both hosts.</item>
/// <item>Function keys are the host's: it answers 401 with an empty body before the worker runs. The local server's
/// stand-in, <c>SmsOtp:LocalApiKey</c>, applies the same rule (<c>x-functions-key</c> or <c>?code=</c>, anonymous health,
/// contract, pages and receipts) and answers 401 as a problem. Core Tools' <c>func</c> does not enforce keys locally.</item>
/// <item>Log lines: the host writes its own lines per invocation ("Executing"/"Executed") beside the app's.</item>
/// <item>The receipt queue's plain-text messages: the host's queue trigger decodes every message from Base64 (host.json
/// <c>messageEncoding</c>, one setting for the whole app; there is no per-trigger choice, azure-functions-dotnet-worker#2627),
/// so a report written as plain JSON is moved at once to the poison queue with the host's warning "Message decoding has
/// failed", changing nothing. Event Grid writes Base64 (MicrosoftDocs/azure-docs#102923), which both hosts read, as
/// they read Base64 of an array; the local server also reads plain JSON.</item>
/// </list>
/// </summary>
public static class HostDifferences
{
    /// <summary>The media type of a 401 for a missing or wrong key: the host's own empty answer, or the local server's problem.</summary>
    public static string? UnauthorizedMediaType(HostKind kind) => kind == HostKind.FunctionsHost ? null : "application/problem+json";

    /// <summary>Whether this host checks function keys at all (Core Tools does not, locally).</summary>
    public static bool EnforcesKeys(ServiceUnderTest service) => service.EnforcesKeys;

    /// <summary>What a keyed read of an unknown user answers without a key: 401, or (keys not enforced) the app's 404.</summary>
    public static HttpStatusCode WithoutKey(ServiceUnderTest service) => service.EnforcesKeys ? HttpStatusCode.Unauthorized : HttpStatusCode.NotFound;

    /// <summary>
    /// The host's own log entries per login that the local server does not write: Executing and Executed for each of
    /// send, delivery and verify, and the queue trigger's "Trigger Details" (its invocation records, Application
    /// Insights requests in Azure).
    /// </summary>
    public static int HostLinesPerLogin(HostKind kind) => kind == HostKind.FunctionsHost ? 3 * 2 + 1 : 0;

    /// <summary>Whether a queue message that is not Base64 reaches the app (else the host poisons it undecoded).</summary>
    public static bool ReadsPlainTextQueueMessages(HostKind kind) => kind == HostKind.LocalServer;
}
