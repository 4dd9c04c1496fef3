namespace SmsOtp.Core.Policy;

/// <summary>
/// The app's name (<c>Pages:AppName</c>, spec §10.1): the hosted pages' heading and the SMS's <c>{appName}</c>. Its
/// own class, on the pages' section for the key's sake, so the SMS text does not depend on the pages.
/// </summary>
public sealed class AppNameOptions : IValidatedOptions
{
    public const string SectionName = "SmsOtp:Pages";

    /// <summary>The heading while <see cref="AppName"/> is not set: the pages show it in their own language.</summary>
    public const string DefaultAppName = "Sign-in verification";

    /// <summary>The heading of every page, and <c>{appName}</c> in an SMS template.</summary>
    public string AppName { get; set; } = DefaultAppName;

    public void Validate(OptionsErrors errors)
    {
        if (string.IsNullOrWhiteSpace(AppName) || AppName.Length > 80 || AppName.Any(char.IsControl))
        {
            errors.Add($"{errors.Prefix}{nameof(AppName)} must be 1 to 80 characters without control characters.");
        }
    }
}
