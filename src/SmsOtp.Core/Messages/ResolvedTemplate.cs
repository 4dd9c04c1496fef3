namespace SmsOtp.Core.Messages;

/// <summary>
/// The template a send uses, where it came from and for which locale (<c>null</c> for
/// <see cref="TemplateSource.Default"/>): enough to log or to name the key at start-up.
/// </summary>
public sealed record ResolvedTemplate(string Template, TemplateSource Source, string? Locale);
