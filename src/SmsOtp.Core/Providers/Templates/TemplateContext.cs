namespace SmsOtp.Core.Providers.Templates;

/// <summary>Where a rendered value lands, which decides how it is escaped.</summary>
public enum TemplateContext
{
    Url,
    Header,
    Json,
    Form,

    /// <summary>A form whose Content-Type declares ISO-8859-1: each value percent-encoded as Latin-1 bytes.</summary>
    FormLatin1,
    Xml,
    Text,
}
