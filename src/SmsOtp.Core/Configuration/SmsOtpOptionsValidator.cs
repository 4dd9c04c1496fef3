using Microsoft.Extensions.Options;
using PhoneNumbers;

namespace SmsOtp.Core.Configuration;

/// <summary>
/// Validates <see cref="SmsOtpOptions"/> on start. Every message names the configuration key, so an
/// operator who mistypes <c>SmsOtp__TokenLength</c> learns which setting to fix.
/// </summary>
public sealed class SmsOtpOptionsValidator : IValidateOptions<SmsOtpOptions>
{
    public ValidateOptionsResult Validate(string? name, SmsOtpOptions o)
    {
        var errors = new OptionsErrors(SmsOtpOptions.SectionName);
        var prefix = errors.Prefix;
        errors.Range(nameof(o.TokenLength), o.TokenLength, 4, 10);
        errors.Range(nameof(o.TokenExpirySeconds), o.TokenExpirySeconds, 30, 86_400);
        errors.Range(nameof(o.MaxAttemptsPerChallenge), o.MaxAttemptsPerChallenge, 1, 100);
        errors.Range(nameof(o.MaximumResendAttempts), o.MaximumResendAttempts, 0, 100);
        errors.Range(nameof(o.ResendCooldownSeconds), o.ResendCooldownSeconds, 0, 86_400);
        errors.Range(nameof(o.BackupCodeCount), o.BackupCodeCount, 1, 100);
        errors.Range("AccountLock:MaxFailedAttempts", o.AccountLock.MaxFailedAttempts, 1, 1000);
        errors.Range("AccountLock:DurationSeconds", o.AccountLock.DurationSeconds, 1, 31_536_000);
        errors.Range("AccountLock:DurationRatio", o.AccountLock.DurationRatio, 1, 100);

        if (string.IsNullOrWhiteSpace(o.MessageTemplate) || !o.MessageTemplate.Contains("{code}", StringComparison.Ordinal))
        {
            errors.Add($"{prefix}{nameof(o.MessageTemplate)} must contain the placeholder {{code}}.");
        }
        else if (o.MessageTemplate.Length > 480)
        {
            errors.Add($"{prefix}{nameof(o.MessageTemplate)} is longer than 480 characters.");
        }

        if (!string.IsNullOrWhiteSpace(o.DefaultRegion)
            && !PhoneNumberUtil.GetInstance().GetSupportedRegions().Contains(o.DefaultRegion.Trim().ToUpperInvariant()))
        {
            errors.Add($"{prefix}{nameof(o.DefaultRegion)} '{o.DefaultRegion}' is not an ISO 3166 region libphonenumber knows (e.g. LK, GB, US).");
        }

        if (!CountryCodeList.TryParse(o.AllowedCountryCodes, out _, out var bad))
        {
            errors.Add($"{prefix}{nameof(o.AllowedCountryCodes)} has '{bad}', which is not a country calling code (e.g. 94,44,1).");
        }

        if (!string.IsNullOrWhiteSpace(o.KeyVaultUri)
            && (!Uri.TryCreate(o.KeyVaultUri, UriKind.Absolute, out var kv) || kv.Scheme != Uri.UriSchemeHttps))
        {
            errors.Add($"{prefix}{nameof(o.KeyVaultUri)} must be an https:// URI (e.g. https://my-vault.vault.azure.net/).");
        }

        if (string.IsNullOrWhiteSpace(o.HmacKeySecretName))
        {
            errors.Add($"{prefix}{nameof(o.HmacKeySecretName)} must not be empty.");
        }

        if (string.IsNullOrWhiteSpace(o.QueueKeySecretName))
        {
            errors.Add($"{prefix}{nameof(o.QueueKeySecretName)} must not be empty.");
        }

        if (!IsStorageName(o.Storage.UsersTable, table: true))
        {
            errors.Add($"{prefix}Storage:UsersTable '{o.Storage.UsersTable}' is not a valid table name.");
        }

        if (!IsStorageName(o.Storage.DeliveryQueue, table: false))
        {
            errors.Add($"{prefix}Storage:DeliveryQueue '{o.Storage.DeliveryQueue}' is not a valid queue name.");
        }

        for (var i = 0; i < o.Providers.Count; i++)
        {
            errors.AddRange(ProviderOptionsValidator.Validate(o.Providers[i], $"{prefix}Providers:{i}:"));
        }

        return errors.Result();
    }

    private static bool IsStorageName(string? value, bool table) =>
        !string.IsNullOrEmpty(value) && value.Length is >= 3 and <= 63 && (table
            ? char.IsAsciiLetter(value[0]) && value.All(char.IsAsciiLetterOrDigit)
            : value.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-')
              && value[0] != '-' && value[^1] != '-' && !value.Contains("--", StringComparison.Ordinal));
}
