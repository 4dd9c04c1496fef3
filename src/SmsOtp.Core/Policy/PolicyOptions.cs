using System.ComponentModel.DataAnnotations;
using SmsOtp.Core.Common;

namespace SmsOtp.Core.Policy;

/// <summary>
/// The SMS OTP policy (spec §3, §5): WSO2's <c>deployment.toml</c> parameters under the root <c>SmsOtp</c>
/// section, with the spec's defaults. Other keys of the same section belong to the features that use them
/// (numbers, secrets, providers, storage).
/// </summary>
public sealed class PolicyOptions : IValidatedOptions
{
    public const string SectionName = Common.SectionNames.Root;

    public bool RetryEnable { get; set; } = true;
    public bool ResendEnable { get; set; } = true;
    public bool BackupCode { get; set; } = true;
    public bool EnableByUserClaim { get; set; } = true;
    public bool Mandatory { get; set; }
    public bool CaptureAndUpdateMobileNumber { get; set; } = true;
    public bool SendOtpDirectlyToMobile { get; set; }
    public bool RedirectToMultiOptionPageOnFailure { get; set; }
    [Range(4, 10)]
    public int TokenLength { get; set; } = 6;
    public bool AlphanumericToken { get; set; }
    [Range(30, 86400)]
    public int TokenExpirySeconds { get; set; } = 300;
    [Range(1, 100)]
    public int MaxAttemptsPerChallenge { get; set; } = 3;
    [Range(0, 100)]
    public int MaximumResendAttempts { get; set; } = 5;
    [Range(0, 86400)]
    public int ResendCooldownSeconds { get; set; } = 30;
    public AccountLockOptions AccountLock { get; set; } = new();
    [Range(1, 100)]
    public int BackupCodeCount { get; set; } = 10;
    public string MessageTemplate { get; set; } = "Verification Code: {code}";

    /// <summary>Tries one challenge allows: <c>RetryEnable</c> false means one (spec §3).</summary>
    public int MaxAttempts => RetryEnable ? MaxAttemptsPerChallenge : 1;

    public TimeSpan TokenLifetime => TimeSpan.FromSeconds(TokenExpirySeconds);

    public TimeSpan ResendCooldown => TimeSpan.FromSeconds(ResendCooldownSeconds);

    public void Validate(OptionsErrors errors)
    {
        if (string.IsNullOrWhiteSpace(MessageTemplate) || !MessageTemplate.Contains("{code}", StringComparison.Ordinal))
        {
            errors.Add($"{errors.Prefix}{nameof(MessageTemplate)} must contain the placeholder {{code}}.");
        }
        else if (MessageTemplate.Length > 480)
        {
            errors.Add($"{errors.Prefix}{nameof(MessageTemplate)} is longer than 480 characters.");
        }
    }
}
