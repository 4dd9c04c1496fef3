namespace SmsOtp.Migrate.Config;

/// <summary>How <c>config</c> prints the settings.</summary>
public enum OutputFormat
{
    /// <summary>Nested JSON, <c>{"SmsOtp": {...}}</c>: appsettings.json (the local server reads it).</summary>
    Appsettings,

    /// <summary><c>SmsOtp__Key=value</c> lines, shell-quoted: app settings, <c>.env</c> files, CI variables.</summary>
    Env,

    /// <summary>A flat JSON object of <c>SmsOtp__Key</c> to string: local.settings.json <c>Values</c> or Bicep <c>extraAppSettings</c>.</summary>
    Values,
}
