using System.Text.Json.Serialization;

namespace SmsOtp.Client.Internal;

// The request bodies as the service reads them (camelCase; a null property is omitted). Internal: the public
// request records also carry what is not body (the Idempotency-Key header).

internal sealed record SendBody(string? Tenant, string UserId, string? ReturnUrl, string? Locale, Transaction? Transaction, string? AppHash, string? ClientIp)
{
    /// <summary>Trusted devices (spec §15.1).</summary>
    public string? DeviceToken { get; init; }
    public int? CodeLength { get; init; }
    public int? ExpiresInSeconds { get; init; }
}

internal sealed record MobileBody(string ChallengeId, string Mobile, string? ClientIp);

internal sealed record VerifyBody(string ChallengeId, string Code)
{
    /// <summary>Trusted devices (spec §15.1): true asks for a device token; null is left out.</summary>
    public bool? RememberDevice { get; init; }
}

internal sealed record ResendBody(string ChallengeId, string? ClientIp);

internal sealed record ResultBody(string Result);

/// <summary>Sets or leaves the number (<c>mobile</c> omitted when null).</summary>
internal sealed record ProfileUpdateBody(string? Mobile, bool? SmsOtpDisabled);

/// <summary>Removes the number: <c>"mobile": null</c> is written, which is what removes it.</summary>
internal sealed record ProfileRemoveMobileBody(bool? SmsOtpDisabled)
{
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? Mobile => null;
}

internal sealed record BackupCodesListBody(IReadOnlyList<string> Codes);

/// <summary>WSO2's comma-separated claim value as one string; the service splits it.</summary>
internal sealed record BackupCodesClaimBody(string Codes);

/// <summary>An RFC 9457 problem as the service writes it.</summary>
internal sealed record ProblemBody(string? Type, string? Title, int? Status, string? Detail, string? Code, DateTimeOffset? LockedUntil);
