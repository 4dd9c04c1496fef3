namespace SmsOtp.Benchmarks.Soak;

/// <summary>What happened to one soak login (written by its own task only; read after it ended).</summary>
public sealed class SoakLoginRecord(int index, BenchUser user)
{
    public int Index { get; } = index;
    public BenchUser User { get; } = user;

    /// <summary>Send requests made (more than one after a 503).</summary>
    public int SendRequests { get; set; }
    public int VerifyRequests { get; set; }

    /// <summary>The final send said <c>sent</c>.</summary>
    public bool Sent { get; set; }
    public string? ChallengeId { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }

    /// <summary>The soak clock (since the schedule began) when the first send was made and when <c>sent</c> came.</summary>
    public TimeSpan SendStartedAt { get; set; }
    public TimeSpan SentAt { get; set; }

    /// <summary>The fault window in force when <c>sent</c> came (or "healthy").</summary>
    public string WindowAtSend { get; set; } = "healthy";

    /// <summary>From the <c>sent</c> response to the provider accepting the SMS that verified (or the first one).</summary>
    public TimeSpan? DeliveredAfter { get; set; }

    /// <summary>The virtual user stopped waiting (patience) and the login went on in the background.</summary>
    public bool WentBackground { get; set; }

    public List<string> VerifyAnswers { get; } = [];

    /// <summary>Codes received that verify refused although a later one verified (a code of an earlier, refused send).</summary>
    public int StaleCodesTried { get; set; }
    public string? VerifiedCode { get; set; }
    public bool Verified => VerifiedCode is not null;

    /// <summary>
    /// verified; lost (sent, and no SMS with the code by its expiry); send-failed: ...; verify-failed: ...;
    /// client-error: ... (the HTTP client itself failed); gave-up-503 (still 503 after the client's retries).
    /// </summary>
    public string Outcome { get; set; } = "unfinished";
}
