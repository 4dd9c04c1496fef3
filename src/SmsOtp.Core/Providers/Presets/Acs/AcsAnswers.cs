namespace SmsOtp.Core.Providers.Presets.Acs;

/// <summary>
/// How an ACS answer is classified. 202 carries one result per recipient (we send one): <c>successful</c> is an
/// acceptance with its <c>messageId</c>; a repeat ACS reports as already taken (<c>repeatabilityResult: accepted</c> with
/// 409, the first still in progress) is an acceptance too, never a second SMS; a recipient who opted out (ACS's "sender
/// blocked", STOP) is a refusal with its own code, <see cref="OptedOut"/>; a per-recipient 408, 429 or 5xx is transient;
/// any other per-recipient status a refusal with that status. 401/403 is a configuration fault: refused at once (the next
/// provider may send), counted by the breaker, logged as an error; never retried as if transient. Other statuses follow
/// the status rule (429 and 5xx transient with their <c>Retry-After</c>), with the <c>error.code</c> of ACS's error body.
/// The <c>errorMessage</c> text is matched, never kept.
/// </summary>
internal static class AcsAnswers
{
    public const string OptedOut = "recipient-opted-out";

    public static ProviderResult? Read(int status, string body)
    {
        if (status is 401 or 403)
        {
            return ProviderResult.Rejected("auth-" + PresetJson.Code(status)) with { ConfigurationFault = true };
        }

        if (status is < 200 or >= 300 || PresetJson.Parse(body) is not { } json || PresetJson.First(json, "value") is not { ValueKind: JsonValueKind.Object } result)
        {
            return null;
        }

        var messageId = PresetJson.Scalar(result, "messageId");
        if (result.TryGetProperty("successful", out var successful) && successful.ValueKind == JsonValueKind.True)
        {
            return ProviderResult.AcceptedAs(messageId);
        }

        var code = result.TryGetProperty("httpStatusCode", out var c) && c.TryGetInt32(out var n) ? n : 0;
        var repeat = PresetJson.Scalar(result, "repeatabilityResult");
        if (code == 409 && string.Equals(repeat, "accepted", StringComparison.OrdinalIgnoreCase))
        {
            return ProviderResult.AcceptedAs(messageId, "repeat-in-progress");
        }

        if (IsOptOut(PresetJson.Scalar(result, "errorMessage")))
        {
            return ProviderResult.Rejected(OptedOut);
        }

        return code is 408 or 429 or >= 500
            ? ProviderResult.Transient(PresetJson.Code(code))
            : ProviderResult.Rejected(code == 0 ? "unsuccessful" : PresetJson.Code(code));
    }

    /// <summary>ACS's error body: <c>{"error":{"code":"..."}}</c>.</summary>
    public static string? ErrorCode(string body) =>
        PresetJson.Parse(body) is { } json && PresetJson.Object(json, "error") is { } error ? PresetJson.Scalar(error, "code") : null;

    /// <summary>ACS's words for a recipient who sent STOP: "sender blocked for given recipient", "opted out".</summary>
    public static bool IsOptOut(string? message) =>
        message is not null
        && (message.Contains("opted out", StringComparison.OrdinalIgnoreCase) || message.Contains("opt-out", StringComparison.OrdinalIgnoreCase)
            || message.Contains("opted-out", StringComparison.OrdinalIgnoreCase) || message.Contains("sender blocked", StringComparison.OrdinalIgnoreCase));
}
