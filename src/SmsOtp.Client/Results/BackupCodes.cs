namespace SmsOtp.Client;

/// <summary>A new set of backup codes: show them to the user once; the service keeps only their hashes.</summary>
public sealed record BackupCodes
{
    /// <summary>The codes (8 digits each), each accepted once by verify instead of the SMS code.</summary>
    public required IReadOnlyList<string> Codes { get; init; }
}
