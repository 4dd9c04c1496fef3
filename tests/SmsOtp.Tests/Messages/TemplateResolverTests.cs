namespace SmsOtp.Tests.Messages;

/// <summary>
/// The §10.2 fallback: the request's locale and its parents, then DefaultLocale and its parents, the
/// operator's template before the built-in one at each step, then MessageTemplate.
/// </summary>
public sealed class TemplateResolverTests
{
    private const string Message = "Verification Code: {code}";

    private static ResolvedTemplate Plain(string? locale, string? defaultLocale = null, Dictionary<string, string>? own = null, string? message = Message) =>
        TemplateResolver.Resolve(SmsTemplateKind.Plain, locale, defaultLocale, own, message);

    [Fact]
    public void A_regional_locale_falls_back_to_its_language()
    {
        var t = Plain("pt-BR");
        Assert.Equal(new ResolvedTemplate(BuiltInTemplates.Get(SmsTemplateKind.Plain, "pt")!, TemplateSource.BuiltIn, "pt"), t);
    }

    [Fact]
    public void The_operators_template_for_the_exact_locale_wins()
    {
        var t = Plain("pt-BR", own: new() { ["pt-BR"] = "Seu codigo: {code}", ["pt"] = "O seu codigo: {code}" });
        Assert.Equal(new ResolvedTemplate("Seu codigo: {code}", TemplateSource.Operator, "pt-BR"), t);
    }

    [Fact]
    public void Operator_keys_match_in_any_case_and_with_underscores()
    {
        Assert.Equal("Seu codigo: {code}", Plain("pt-br", own: new() { ["PT_br"] = "Seu codigo: {code}" }).Template);
    }

    [Fact]
    public void The_operators_template_replaces_the_built_in_one_of_the_same_locale()
    {
        var t = Plain("pt-BR", own: new() { ["pt"] = "O seu codigo: {code}" });
        Assert.Equal(new ResolvedTemplate("O seu codigo: {code}", TemplateSource.Operator, "pt"), t);
    }

    [Fact]
    public void A_built_in_template_of_a_closer_locale_beats_the_operators_template_of_the_default_locale()
    {
        var t = Plain("pt-BR", "en", new() { ["en"] = "Acme code: {code}" });
        Assert.Equal(TemplateSource.BuiltIn, t.Source);
        Assert.Equal("pt", t.Locale);
    }

    [Fact]
    public void An_unshipped_locale_falls_to_the_default_locale()
    {
        Assert.Equal(new ResolvedTemplate(BuiltInTemplates.Get(SmsTemplateKind.Plain, "de")!, TemplateSource.BuiltIn, "de"), Plain("ru", "de-AT"));
        Assert.Equal(new ResolvedTemplate("Acme Code: {code}", TemplateSource.Operator, "de-AT"), Plain("ru", "de-AT", new() { ["de-AT"] = "Acme Code: {code}" }));
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("ru", null)]
    [InlineData("not a tag", null)]
    [InlineData(null, "xx")]
    public void With_no_match_the_operators_MessageTemplate_is_used(string? locale, string? defaultLocale)
    {
        Assert.Equal(new ResolvedTemplate(Message, TemplateSource.Default, null), Plain(locale, defaultLocale, new() { ["fr"] = "Code : {code}" }));
    }

    [Fact]
    public void Without_a_locale_the_default_locale_still_applies()
    {
        Assert.Equal("fr", Plain(null, "fr-CA").Locale);
    }

    [Fact]
    public void Operator_keys_that_are_not_tags_and_empty_templates_are_ignored()
    {
        var t = Plain("fr", own: new() { ["french"] = "Code : {code}", ["fr"] = " " });
        Assert.Equal(TemplateSource.BuiltIn, t.Source);
    }

    [Fact]
    public void A_payment_uses_the_payment_templates()
    {
        Assert.Equal(BuiltInTemplates.Get(SmsTemplateKind.Payment, "fr"), TemplateResolver.Resolve(SmsTemplateKind.Payment, "fr-BE", null, null, null).Template);
        var own = TemplateResolver.Resolve(SmsTemplateKind.Payment, "fr-BE", null, new Dictionary<string, string> { ["fr"] = "{code} : {amount} pour {payee}" }, null);
        Assert.Equal(new ResolvedTemplate("{code} : {amount} pour {payee}", TemplateSource.Operator, "fr"), own);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(Message)]                 // a plain last resort cannot show what a payment approves
    public void A_payment_never_falls_to_a_text_without_amount_and_payee(string? message)
    {
        var t = TemplateResolver.Resolve(SmsTemplateKind.Payment, "ru", null, null, message);
        Assert.Equal(new ResolvedTemplate(BuiltInTemplates.Get(SmsTemplateKind.Payment, "en")!, TemplateSource.BuiltIn, "en"), t);
    }

    [Fact]
    public void A_payment_last_resort_with_amount_and_payee_is_used()
    {
        var t = TemplateResolver.Resolve(SmsTemplateKind.Payment, null, null, null, "Pay {amount} to {payee}: {code}");
        Assert.Equal(new ResolvedTemplate("Pay {amount} to {payee}: {code}", TemplateSource.Default, null), t);
    }

    [Fact]
    public void An_empty_plain_last_resort_falls_to_built_in_English()
    {
        Assert.Equal(new ResolvedTemplate(BuiltInTemplates.Get(SmsTemplateKind.Plain, "en")!, TemplateSource.BuiltIn, "en"), Plain(null, message: null));
    }

    [Theory]
    [InlineData("pt-BR", "en-GB", new[] { "pt-BR", "pt", "en-GB", "en" })]
    [InlineData("pt-BR", "pt", new[] { "pt-BR", "pt" })]
    [InlineData(null, "zh-Hant-TW", new[] { "zh-Hant-TW", "zh-Hant", "zh" })]
    [InlineData("bad tag", null, new string[0])]
    public void Candidates_are_the_two_chains_without_repeats(string? locale, string? defaultLocale, string[] expected)
    {
        Assert.Equal(expected, TemplateResolver.Candidates(locale, defaultLocale));
    }
}
