using Xunit.Abstractions;

namespace SmsOtp.Tests.Messages;

/// <summary>
/// Every shipped template renders within its budget (docs/languages.md): the longest code
/// (<see cref="SmsBudget.LongestCode"/>), 1440 minutes, a WebOTP line for a 25-character host, an 11-character app
/// hash and, for payments, a 13-character amount and <see cref="SmsBudget.Payee"/>.
/// </summary>
public sealed class BuiltInTemplateTests(ITestOutputHelper output)
{
    private const int LongestMinutes = 1440;
    private const string WebOtpHost = "signin.acme-example.co.uk";
    private const string AppHash = "AbC+1dE/2fG";
    private const string Amount = "123456.78 EUR";

    private static readonly string[] Shipped = ["en", "es", "fr", "de", "it", "pt", "nl", "ar", "hi", "si", "ta", "zh", "ja"];
    private static readonly string[] Ucs2Languages = ["ar", "hi", "si", "ta", "zh", "ja"];

    public static TheoryData<string> Locales() => new(Shipped);

    [Fact]
    public void The_13_languages_of_the_spec_are_shipped()
    {
        Assert.Equal(Shipped, BuiltInTemplates.Locales);
    }

    [Theory]
    [MemberData(nameof(Locales))]
    public void Both_templates_have_their_placeholders_and_no_unknown_ones(string locale)
    {
        var plain = BuiltInTemplates.Get(SmsTemplateKind.Plain, locale)!;
        var payment = BuiltInTemplates.Get(SmsTemplateKind.Payment, locale)!;
        Assert.Empty(SmsTemplate.Problems(plain, SmsTemplateKind.Plain));
        Assert.Empty(SmsTemplate.Problems(payment, SmsTemplateKind.Payment));
        Assert.Contains("{code}", plain, StringComparison.Ordinal);
        Assert.DoesNotContain("{appName}", plain, StringComparison.Ordinal);
        Assert.All(new[] { "{code}", "{amount}", "{payee}" }, p => Assert.Contains(p, payment, StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Locales))]
    public void Latin_script_texts_stay_in_GSM7_and_the_others_use_UCS2(string locale)
    {
        var expected = Ucs2Languages.Contains(locale) ? SmsEncodings.Ucs2 : SmsEncodings.Gsm7;
        Assert.Equal(expected, Measure(BuiltInTemplates.Get(SmsTemplateKind.Plain, locale)!, SmsTemplateKind.Plain, null, null).Count.Encoding);
        Assert.Equal(expected, Measure(BuiltInTemplates.Get(SmsTemplateKind.Payment, locale)!, SmsTemplateKind.Payment, null, null).Count.Encoding);
    }

    [Theory]
    [MemberData(nameof(Locales))]
    public void The_plain_template_fits_one_segment_with_either_autofill_line(string locale)
    {
        var template = BuiltInTemplates.Get(SmsTemplateKind.Plain, locale)!;
        Assert.Equal(1, Measure(template, SmsTemplateKind.Plain, null, null).Count.Segments);
        Assert.Equal(1, Measure(template, SmsTemplateKind.Plain, WebOtpHost, null).Count.Segments);
        var withHash = Measure(template, SmsTemplateKind.Plain, null, AppHash).Count;
        Assert.Equal(1, withHash.Segments);
        Assert.True(withHash.Units <= (withHash.Encoding == SmsEncodings.Gsm7 ? 160 : 70), "SMS Retriever reads messages of at most 140 bytes: 160 packed septets or 70 UCS-2 units");
    }

    [Theory]
    [MemberData(nameof(Locales))]
    public void GSM7_plain_templates_fit_one_segment_with_both_autofill_lines(string locale)
    {
        var count = Measure(BuiltInTemplates.Get(SmsTemplateKind.Plain, locale)!, SmsTemplateKind.Plain, WebOtpHost, AppHash).Count;
        Assert.Equal(count.Encoding == SmsEncodings.Gsm7 ? 1 : 2, count.Segments);
    }

    [Theory]
    [MemberData(nameof(Locales))]
    public void The_payment_template_fits_its_budget_with_both_autofill_lines(string locale)
    {
        var count = Measure(BuiltInTemplates.Get(SmsTemplateKind.Payment, locale)!, SmsTemplateKind.Payment, WebOtpHost, AppHash).Count;
        // One segment in GSM-7, two in UCS-2 (a UCS-2 segment is 70 units and the WebOTP line alone takes 39).
        Assert.True(count.Segments <= (count.Encoding == SmsEncodings.Gsm7 ? 1 : 2), $"{locale}: {count}");
    }

    [Theory]
    [MemberData(nameof(Locales))]
    public void The_rendered_templates_show_the_code_amount_and_payee(string locale)
    {
        var plain = Measure(BuiltInTemplates.Get(SmsTemplateKind.Plain, locale)!, SmsTemplateKind.Plain, null, null).Text;
        var payment = Measure(BuiltInTemplates.Get(SmsTemplateKind.Payment, locale)!, SmsTemplateKind.Payment, null, null).Text;
        Assert.Contains(SmsBudget.LongestCode, plain, StringComparison.Ordinal);
        Assert.All(new[] { SmsBudget.LongestCode, Amount, SmsBudget.Payee }, v => Assert.Contains(v, payment, StringComparison.Ordinal));
        Assert.DoesNotContain('{', plain);
        Assert.DoesNotContain('{', payment);
    }

    [Fact]
    public void Budget_table()
    {
        // The numbers behind docs/languages.md: units used out of one segment (GSM-7 160, UCS-2 70).
        foreach (var locale in Shipped)
        {
            var plain = BuiltInTemplates.Get(SmsTemplateKind.Plain, locale)!;
            var payment = BuiltInTemplates.Get(SmsTemplateKind.Payment, locale)!;
            var p = Measure(plain, SmsTemplateKind.Plain, null, null).Count;
            var pw = Measure(plain, SmsTemplateKind.Plain, WebOtpHost, null).Count;
            var pb = Measure(plain, SmsTemplateKind.Plain, WebOtpHost, AppHash).Count;
            var y = Measure(payment, SmsTemplateKind.Payment, null, null).Count;
            var yb = Measure(payment, SmsTemplateKind.Payment, WebOtpHost, AppHash).Count;
            output.WriteLine($"| {locale} | {p.Encoding} | {p.Units} | {pw.Units} | {pb.Units} ({pb.Segments}) | {y.Units} | {yb.Units} ({yb.Segments}) |");
        }
    }

    /// <summary>The worst-case SMS of a template with the given autofill lines (null = off), composed as a send composes it.</summary>
    private static ComposedSms Measure(string template, SmsTemplateKind kind, string? webOtpHost, string? appHash) =>
        SmsComposer.Compose(template, kind == SmsTemplateKind.Payment
            ? new MessageValues(SmsBudget.LongestCode, LongestMinutes, Amount: Amount, Payee: SmsBudget.Payee)
            : new MessageValues(SmsBudget.LongestCode, LongestMinutes), webOtpHost, appHash);
}
