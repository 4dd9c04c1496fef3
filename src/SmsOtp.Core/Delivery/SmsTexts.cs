namespace SmsOtp.Core.Delivery;

/// <summary>
/// A code's SMS for its tenant (spec §10.2-§10.4): the template its locale chain picks (the operator's
/// <c>MessageTemplates:&lt;locale&gt;</c>, else the shipped one, else <c>MessageTemplate</c>; a payment's text always
/// shows amount and payee), its values, and the autofill lines (WebOTP last, the app hash above it).
/// With no locale, no <c>DefaultLocale</c> and no templates per locale it is <c>MessageTemplate</c>, as before §10.
/// </summary>
public sealed class SmsTexts(TenantOptions<PolicyOptions> policies, TenantOptions<AppNameOptions> appNames)
{
    /// <param name="lifetimeSeconds">The code's lifetime for <c>{minutes}</c>; null: the tenant's <c>TokenExpirySeconds</c>.</param>
    internal ComposedSms Compose(string? tenant, string code, string? locale, PaymentTransaction? transaction, string? appHash, int? lifetimeSeconds = null)
    {
        var o = policies.For(tenant);
        var seconds = lifetimeSeconds is > 0 ? lifetimeSeconds.Value : o.TokenExpirySeconds;
        var appName = appNames.For(tenant).AppName;
        var template = Resolve(tenant, locale, transaction is not null).Template;
        var values = transaction is null
            ? MessageValues.Plain(code, seconds, appName)
            : MessageValues.Payment(code, seconds, transaction.Amount, transaction.Currency, transaction.Payee, appName);
        return SmsComposer.Compose(template, values, o.WebOtpOrigin, appHash ?? o.AndroidAppHash);
    }

    /// <summary>The template a send of the tenant in <paramref name="locale"/> uses: also what the start-up budget check renders.</summary>
    internal ResolvedTemplate Resolve(string? tenant, string? locale, bool payment)
    {
        var o = policies.For(tenant);
        if (!payment)
        {
            return TemplateResolver.Resolve(SmsTemplateKind.Plain, locale, o.DefaultLocale, Serving(o.MessageTemplates, SmsTemplateKind.Plain), o.MessageTemplate);
        }

        var payments = Serving(o.MessageTemplates, SmsTemplateKind.Payment);
        foreach (var (tag, template) in o.PaymentTemplates)
        {
            payments[tag] = template;
        }

        var last = !string.IsNullOrWhiteSpace(o.PaymentTemplate) ? o.PaymentTemplate : o.MessageTemplate;
        return TemplateResolver.Resolve(SmsTemplateKind.Payment, locale, o.DefaultLocale, payments, last);
    }

    /// <summary>The templates of one kind: a payment's shows amount and payee; a plain one never does (they would show as placeholders).</summary>
    private static Dictionary<string, string> Serving(Dictionary<string, string> templates, SmsTemplateKind kind) =>
        templates.Where(t => SmsTemplate.Serves(t.Value, SmsTemplateKind.Payment) == (kind == SmsTemplateKind.Payment) && SmsTemplate.Serves(t.Value, kind))
            .ToDictionary(t => t.Key, t => t.Value, StringComparer.OrdinalIgnoreCase);
}
