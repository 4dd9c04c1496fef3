namespace SmsOtp.Core.Messages;

/// <summary>
/// The template fallback of spec §10.2 as a pure function. The candidate locales are the request's locale
/// and its parents, then the tenant's <c>DefaultLocale</c> and its parents (<c>pt-BR</c> → <c>pt</c> →
/// <c>DefaultLocale</c>); for each candidate in turn the operator's <c>MessageTemplates:&lt;locale&gt;</c> wins
/// over the built-in template of that locale, so an operator replaces a shipped text by configuring the same
/// locale and a Portuguese user still gets Portuguese when the operator only customised English. When no
/// candidate has a template, the operator's <c>MessageTemplate</c> is used; with no locale and no
/// <c>DefaultLocale</c> that is exactly the pre-§10 behaviour.
/// </summary>
internal static class TemplateResolver
{
    /// <summary>The built-in locale used when the kind has no last-resort template (a payment must show amount and payee).</summary>
    public const string FinalLocale = "en";

    /// <summary>
    /// Picks the template. <paramref name="operatorTemplates"/> are the operator's templates of this kind by
    /// locale (keys in any case, <c>_</c> or <c>-</c>; keys that are not tags are ignored here and reported by
    /// start-up validation). <paramref name="messageTemplate"/> is the last resort; when it is empty, or is a
    /// plain template asked to serve a payment (no <c>{amount}</c>/<c>{payee}</c>), the built-in English
    /// template of the kind is used instead.
    /// </summary>
    public static ResolvedTemplate Resolve(
        SmsTemplateKind kind,
        string? locale,
        string? defaultLocale,
        IReadOnlyDictionary<string, string>? operatorTemplates,
        string? messageTemplate)
    {
        var byTag = Normalise(operatorTemplates);
        foreach (var candidate in Candidates(locale, defaultLocale))
        {
            if (byTag.TryGetValue(candidate, out var own))
            {
                return new ResolvedTemplate(own, TemplateSource.Operator, candidate);
            }

            if (BuiltInTemplates.Get(kind, candidate) is { } builtIn)
            {
                return new ResolvedTemplate(builtIn, TemplateSource.BuiltIn, candidate);
            }
        }

        if (!string.IsNullOrWhiteSpace(messageTemplate) && SmsTemplate.Serves(messageTemplate, kind))
        {
            return new ResolvedTemplate(messageTemplate, TemplateSource.Default, null);
        }

        return new ResolvedTemplate(BuiltInTemplates.Get(kind, FinalLocale)!, TemplateSource.BuiltIn, FinalLocale);
    }

    /// <summary>The locales tried, in order: the request's chain, then the default locale's chain, without repeats.</summary>
    public static IReadOnlyList<string> Candidates(string? locale, string? defaultLocale)
    {
        var result = new List<string>();
        foreach (var value in new[] { locale, defaultLocale })
        {
            if (LocaleTag.TryNormalize(value, out var tag))
            {
                result.AddRange(LocaleTag.Fallbacks(tag).Where(t => !result.Contains(t)));
            }
        }

        return result;
    }

    private static Dictionary<string, string> Normalise(IReadOnlyDictionary<string, string>? templates)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (templates is null)
        {
            return result;
        }

        // Sorted so that, if two keys normalise alike (pt_BR and pt-br), the outcome does not depend on dictionary order.
        foreach (var (key, value) in templates.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (!string.IsNullOrWhiteSpace(value) && LocaleTag.TryNormalize(key, out var tag))
            {
                result.TryAdd(tag, value);
            }
        }

        return result;
    }
}

/// <summary>
/// The template a send uses, where it came from and for which locale (<c>null</c> for
/// <see cref="TemplateSource.Default"/>): enough to log or to name the key at start-up.
/// </summary>
internal sealed record ResolvedTemplate(string Template, TemplateSource Source, string? Locale);
