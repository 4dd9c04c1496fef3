namespace SmsOtp.Core.Common;

/// <summary>
/// Options that carry their own rules, checked on start by <see cref="OptionsValidator{TOptions}"/>: one
/// message per broken rule, each naming the full key, so a mistyped setting says which one to fix.
/// </summary>
public interface IValidatedOptions
{
    void Validate(OptionsErrors errors);
}
