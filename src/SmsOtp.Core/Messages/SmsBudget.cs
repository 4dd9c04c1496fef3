namespace SmsOtp.Core.Messages;

/// <summary>
/// The worst case the shipped templates are written and tested for (docs/languages.md), and the values a
/// start-up check can render any template with:
/// <list type="bullet">
/// <item>the longest code: 10 alphanumeric characters (<c>TokenLength</c> 10);</item>
/// <item><c>{minutes}</c> = 1440, the longest lifetime (<c>TokenExpirySeconds</c> 86400);</item>
/// <item>a WebOTP line for a 25-character host (<c>@signin.acme-example.co.uk #A1B2C3D4E5</c>, 38 characters plus LF);</item>
/// <item>an 11-character app hash line (plus LF);</item>
/// <item>for payments, <c>{amount}</c> = <c>123456.78 EUR</c> (13) and a 20-character <c>{payee}</c>.</item>
/// </list>
/// Plain templates fit one segment in every language with either autofill line, and GSM-7 ones also with
/// both. Payment templates fit one segment in GSM-7 languages with both lines, and two in UCS-2 languages.
/// </summary>
public static class SmsBudget
{
    public const string LongestCode = "A1B2C3D4E5";
    public const int LongestMinutes = 1440;
    public const string WebOtpHost = "signin.acme-example.co.uk";
    public const string AppHash = "AbC+1dE/2fG";
    public const string Amount = "123456.78 EUR";
    public const string Payee = "Acme Online Shop Ltd";

    /// <summary>Segments a shipped plain template may take.</summary>
    public const int PlainSegments = 1;

    /// <summary>Segments a shipped payment template may take: one in GSM-7, two in UCS-2 (a UCS-2 segment is 70 units and the WebOTP line alone takes 39).</summary>
    public static int PaymentSegments(string encoding) => encoding == SmsEncodings.Gsm7 ? 1 : 2;

    /// <summary>Worst-case values for a template of <paramref name="kind"/>; <paramref name="code"/> defaults to <see cref="LongestCode"/>.</summary>
    public static MessageValues Values(SmsTemplateKind kind, string? appName = null, string code = LongestCode) =>
        kind == SmsTemplateKind.Payment
            ? new MessageValues(code, LongestMinutes, appName, Amount, Payee)
            : new MessageValues(code, LongestMinutes, appName);

    /// <summary>The worst-case SMS of a template with the given autofill settings (null = off).</summary>
    public static ComposedSms Measure(string template, SmsTemplateKind kind, string? webOtpHost, string? appHash, string? appName = null, string code = LongestCode) =>
        SmsComposer.Compose(template, Values(kind, appName, code), webOtpHost, appHash);
}
