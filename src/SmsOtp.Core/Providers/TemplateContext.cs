namespace SmsOtp.Core.Providers;

/// <summary>Where a rendered value lands, which decides how it is escaped.</summary>
public enum TemplateContext
{
    Url,
    Header,
    Json,
    Form,
    Xml,
    Text,
}
