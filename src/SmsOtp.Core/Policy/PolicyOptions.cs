using System.ComponentModel.DataAnnotations;

namespace SmsOtp.Core.Policy;

/// <summary>
/// The SMS OTP policy (spec §3, §5): WSO2's <c>deployment.toml</c> parameters under the root <c>SmsOtp</c>
/// section, with the spec's defaults, and what the SMS says (spec §10.2-§10.3). Every key here may be set
/// per tenant (<c>SmsOtp:Tenants:&lt;tenant&gt;:&lt;key&gt;</c>, spec §10.1) but <see cref="MaxSmsSegments"/>. Other
/// keys of the same section belong to the features that use them (numbers, secrets, providers, storage).
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

    /// <summary>The operator's SMS text per locale (BCP 47), over the shipped ones (spec §10.2); <c>{code}</c> required.</summary>
    public Dictionary<string, string> MessageTemplates { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// The operator's SMS text of a payment step-up (spec §10.4) per locale: it must show <c>{amount}</c> and
    /// <c>{payee}</c>. Without one the shipped payment text of the locale is used (never a text without them).
    /// </summary>
    public Dictionary<string, string> PaymentTemplates { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The payment text of the last resort (after every locale); empty uses the shipped English one.</summary>
    public string? PaymentTemplate { get; set; }

    /// <summary>The locale of sends that name none, before <see cref="MessageTemplate"/> (spec §10.2).</summary>
    public string? DefaultLocale { get; set; }

    /// <summary>The host of the origin-bound WebOTP line, <c>@host #code</c>, ending every SMS (spec §10.3).</summary>
    public string? WebOtpOrigin { get; set; }

    /// <summary>The Android SMS Retriever app hash (11 characters) every SMS carries; a send's <c>appHash</c> wins.</summary>
    public string? AndroidAppHash { get; set; }

    /// <summary>The segments a rendered SMS may take, checked at start-up for every template (global only).</summary>
    [Range(1, 10)]
    public int MaxSmsSegments { get; set; } = 1;

    /// <summary>User ids that differ only in case (after Unicode NFC) are one user, as WSO2's user stores compare them.</summary>
    public bool CaseInsensitiveUserIds { get; set; }

    // Per-request code settings (spec §15.3): unset, a bound is the tenant's own value (see CodeBounds).
    public int? MinTokenLength { get; set; }
    public int? MaxTokenLength { get; set; }
    public int? MinTokenExpirySeconds { get; set; }
    public int? MaxTokenExpirySeconds { get; set; }

    /// <summary>A send without <c>locale</c> speaks the shipped language of the number's country (spec §15.4).</summary>
    public bool LocaleFromNumber { get; set; }

    /// <summary>Numbers with a fixed code and no SMS (spec §15.2); a tenant's own list replaces this one.</summary>
    public List<TestNumber> TestNumbers { get; set; } = [];

    /// <summary>Tries one challenge allows: <c>RetryEnable</c> false means one (spec §3).</summary>
    public int MaxAttempts => RetryEnable ? MaxAttemptsPerChallenge : 1;

    public TimeSpan TokenLifetime => TimeSpan.FromSeconds(TokenExpirySeconds);

    public TimeSpan ResendCooldown => TimeSpan.FromSeconds(ResendCooldownSeconds);

    public void Validate(OptionsErrors errors)
    {
        CodeBounds.Validate(this, errors);
        var (minLength, maxLength) = CodeBounds.Length(this);
        TestNumberList.Validate(TestNumbers, AlphanumericToken, minLength, maxLength, errors);

        if (string.IsNullOrWhiteSpace(MessageTemplate) || !MessageTemplate.Contains("{code}", StringComparison.Ordinal))
        {
            errors.Add($"{errors.Prefix}{nameof(MessageTemplate)} must contain the placeholder {{code}}.");
        }
        else if (MessageTemplate.Length > 480)
        {
            errors.Add($"{errors.Prefix}{nameof(MessageTemplate)} is longer than 480 characters.");
        }

        foreach (var (locale, template) in MessageTemplates)
        {
            if (!LocaleTag.IsValid(locale))
            {
                errors.Add($"{errors.Prefix}{nameof(MessageTemplates)}:{locale} is not a BCP 47 language tag (e.g. en, pt-BR).");
            }

            var kind = SmsTemplate.Serves(template ?? "", SmsTemplateKind.Payment) ? SmsTemplateKind.Payment : SmsTemplateKind.Plain;
            foreach (var problem in SmsTemplate.Problems(template, kind))
            {
                errors.Add($"{errors.Prefix}{nameof(MessageTemplates)}:{locale} {problem}");
            }
        }

        foreach (var (locale, template) in PaymentTemplates)
        {
            if (!LocaleTag.IsValid(locale))
            {
                errors.Add($"{errors.Prefix}{nameof(PaymentTemplates)}:{locale} is not a BCP 47 language tag (e.g. en, pt-BR).");
            }

            foreach (var problem in SmsTemplate.Problems(template, SmsTemplateKind.Payment))
            {
                errors.Add($"{errors.Prefix}{nameof(PaymentTemplates)}:{locale} {problem}");
            }
        }

        if (!string.IsNullOrWhiteSpace(PaymentTemplate))
        {
            foreach (var problem in SmsTemplate.Problems(PaymentTemplate, SmsTemplateKind.Payment))
            {
                errors.Add($"{errors.Prefix}{nameof(PaymentTemplate)} {problem}");
            }
        }

        if (!string.IsNullOrWhiteSpace(DefaultLocale) && !LocaleTag.IsValid(DefaultLocale))
        {
            errors.Add($"{errors.Prefix}{nameof(DefaultLocale)} '{DefaultLocale}' is not a BCP 47 language tag (e.g. en, pt-BR).");
        }

        if (!string.IsNullOrWhiteSpace(WebOtpOrigin) && WebOtp.Validate(WebOtpOrigin) is { } webOtp)
        {
            errors.Add($"{errors.Prefix}{nameof(WebOtpOrigin)} {webOtp}");
        }

        if (!string.IsNullOrWhiteSpace(AndroidAppHash) && Messages.AndroidAppHash.Validate(AndroidAppHash) is { } hash)
        {
            errors.Add($"{errors.Prefix}{nameof(AndroidAppHash)} {hash}");
        }
    }
}
