namespace SmsOtp.Core.Delivery;

/// <summary>
/// <c>MaxSmsSegments</c> at start-up (spec §10.3): every template a send can pick, in every locale and for the
/// global settings and each tenant, is rendered with that tenant's worst case (a code of its
/// <c>TokenLength</c>, its lifetime, <c>Pages:AppName</c>, <c>WebOtpOrigin</c> and <c>AndroidAppHash</c>) and one
/// that needs more segments stops the start, naming its key. A payment may take one segment more: it must show
/// amount and payee (PSD2), and no UCS-2 language fits them beside a code in 70 units. An <c>appHash</c> sent
/// with a request cannot be known here: it adds 12 characters, and such an SMS is still sent (and counted).
/// </summary>
public sealed class SmsBudgetCheck(IConfiguration configuration, TenantOptions<PolicyOptions> policies, SmsTexts texts) : IStartupCheck
{
    private static readonly PaymentTransaction WorstTransaction = new("123456.78", "EUR", SmsBudget.Payee);

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var max = policies.Global.MaxSmsSegments;
        var errors = new List<string>();
        string?[] tenants = [null, .. configuration.GetSection(Tenants.SectionName).GetChildren().Select(t => t.Key).Where(TenantNames.IsValid)];
        foreach (var tenant in tenants)
        {
            var o = policies.For(tenant);
            var code = string.Concat(Enumerable.Repeat(SmsBudget.LongestCode, 4))[..CodeBounds.Length(o).Max]; // a send may ask for the longest allowed (§15.3)
            string?[] locales = [null, .. BuiltInTemplates.Locales, .. o.MessageTemplates.Keys, .. o.PaymentTemplates.Keys];
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var locale in locales)
            {
                foreach (var payment in new[] { false, true })
                {
                    var template = texts.Resolve(tenant, locale, payment);
                    var allowed = payment ? max + 1 : max;
                    var sms = texts.Compose(tenant, code, locale, payment ? WorstTransaction : null, appHash: null, CodeBounds.ExpirySeconds(o).Max);
                    if (sms.Count.Segments > allowed && seen.Add(KeyOf(tenant, template, payment, o)))
                    {
                        errors.Add($"{KeyOf(tenant, template, payment, o)} needs {sms.Count.Segments} SMS segments ({sms.Count.Units} {sms.Count.Encoding} units"
                            + $"{(tenant is null ? "" : $" for tenant '{tenant}'")}, with a {code.Length}-character code{Autofill(o)}); "
                            + $"{SectionNames.Root}:{nameof(PolicyOptions.MaxSmsSegments)} allows {allowed}{(payment ? " for a payment" : "")}. "
                            + "Shorten the text or raise the limit.");
                    }
                }
            }
        }

        return errors.Count == 0
            ? Task.CompletedTask
            : throw new OptionsValidationException(nameof(PolicyOptions.MaxSmsSegments), typeof(PolicyOptions), errors);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private string KeyOf(string? tenant, ResolvedTemplate template, bool payment, PolicyOptions o)
    {
        var global = SectionNames.Root;
        var own = tenant is null ? null : Tenants.KeyFor(tenant, global);
        string Key(string relative) => own is not null && configuration.GetSection($"{own}:{relative}").Exists() ? $"{own}:{relative}" : $"{global}:{relative}";
        return template.Source switch
        {
            TemplateSource.Operator => payment && Original(o.PaymentTemplates, template.Locale) is { } p
                ? Key($"{nameof(PolicyOptions.PaymentTemplates)}:{p}")
                : Key($"{nameof(PolicyOptions.MessageTemplates)}:{Original(o.MessageTemplates, template.Locale) ?? template.Locale}"),
            TemplateSource.Default => payment && !string.IsNullOrWhiteSpace(o.PaymentTemplate)
                ? Key(nameof(PolicyOptions.PaymentTemplate))
                : Key(nameof(PolicyOptions.MessageTemplate)),
            _ => $"The shipped {(payment ? "payment" : "plain")} template for '{template.Locale}' (override it with "
                 + $"{Key($"{(payment ? nameof(PolicyOptions.PaymentTemplates) : nameof(PolicyOptions.MessageTemplates))}:{template.Locale}")})",
        };
    }

    private static string? Original(Dictionary<string, string> templates, string? tag) =>
        templates.Keys.FirstOrDefault(k => LocaleTag.TryNormalize(k, out var t) && t == tag);

    private static string Autofill(PolicyOptions o) =>
        (string.IsNullOrWhiteSpace(o.WebOtpOrigin) ? "" : ", the WebOTP line")
        + (string.IsNullOrWhiteSpace(o.AndroidAppHash) ? "" : ", the app hash line");
}
