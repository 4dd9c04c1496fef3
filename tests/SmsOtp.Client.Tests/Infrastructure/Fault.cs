namespace SmsOtp.Client.Tests.Infrastructure;

/// <summary>What <see cref="FaultInjectingHandler"/> does to one attempt.</summary>
public enum Fault
{
    /// <summary>Passes the attempt through.</summary>
    None,

    /// <summary>Sends the attempt to the server, then drops its answer and throws as a reset connection would.</summary>
    LoseResponse,

    /// <summary>Answers 500 <c>internal_error</c> itself; the server never sees the attempt.</summary>
    InternalError,

    /// <summary>Answers 502 with an HTML page (a gateway's), not a problem.</summary>
    BadGatewayHtml,

    /// <summary>Never answers (until the attempt is cancelled, e.g. by the attempt timeout).</summary>
    Hang,
}
