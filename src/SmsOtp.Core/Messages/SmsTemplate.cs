using System.Text.RegularExpressions;

namespace SmsOtp.Core.Messages;

/// <summary>
/// SMS templates: placeholders <c>{code}</c>, <c>{minutes}</c>, <c>{appName}</c>, <c>{amount}</c> and
/// <c>{payee}</c>, replaced in one pass, so a value that itself contains <c>{code}</c> (a payee named
/// "{code}", say) is never expanded again. Unknown placeholders are left as they are (start-up validation
/// reports them through <see cref="Problems"/>). Values are made single-line and stripped of bidirectional
/// controls: a payee cannot add lines (a fake WebOTP line, say) or reorder what the user reads (U+202E
/// turning "12.50" into "05.21").
/// </summary>
internal static partial class SmsTemplate
{
    public const string Code = "{code}";
    public const string Minutes = "{minutes}";
    public const string AppName = "{appName}";
    public const string Amount = "{amount}";
    public const string Payee = "{payee}";

    /// <summary>The placeholders this service knows, without braces.</summary>
    public static IReadOnlyList<string> Known { get; } = ["code", "minutes", "appName", "amount", "payee"];

    public static string Render(string template, MessageValues values)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(values);
        return Placeholder().Replace(template, m => m.Groups[1].Value switch
        {
            "code" => Clean(values.Code),
            "minutes" => values.MinutesText,
            "appName" => values.AppName is null ? m.Value : Clean(values.AppName),
            "amount" => values.Amount is null ? m.Value : Clean(values.Amount),
            "payee" => values.Payee is null ? m.Value : Clean(values.Payee),
            _ => m.Value,
        });
    }

    /// <summary>The <c>{name}</c> placeholders of a template, known or not, in order of first use.</summary>
    public static IReadOnlyList<string> Placeholders(string template) =>
        Placeholder().Matches(template).Select(m => m.Groups[1].Value).Distinct(StringComparer.Ordinal).ToList();

    /// <summary>True when the template has what a send of this kind needs: <c>{code}</c>, and for a payment <c>{amount}</c> and <c>{payee}</c>.</summary>
    public static bool Serves(string template, SmsTemplateKind kind) =>
        template.Contains(Code, StringComparison.Ordinal)
        && (kind == SmsTemplateKind.Plain || (template.Contains(Amount, StringComparison.Ordinal) && template.Contains(Payee, StringComparison.Ordinal)));

    /// <summary>
    /// What is wrong with an operator's template, for start-up validation (the caller prefixes the key):
    /// a missing required placeholder, an unknown one, or a plain template that uses the payment placeholders.
    /// Empty when the template is fine.
    /// </summary>
    public static IReadOnlyList<string> Problems(string? template, SmsTemplateKind kind)
    {
        if (string.IsNullOrWhiteSpace(template))
        {
            return ["must not be empty."];
        }

        var problems = new List<string>();
        var used = Placeholders(template);
        if (!used.Contains("code"))
        {
            problems.Add("must contain the placeholder {code}.");
        }

        if (kind == SmsTemplateKind.Payment)
        {
            problems.AddRange(new[] { "amount", "payee" }.Where(p => !used.Contains(p)).Select(p => $"must contain the placeholder {{{p}}} (a payment SMS shows what the user approves)."));
        }
        else
        {
            problems.AddRange(new[] { "amount", "payee" }.Where(used.Contains).Select(p => $"uses {{{p}}}, which only a payment template can show."));
        }

        problems.AddRange(used.Where(p => !Known.Contains(p)).Select(p => $"has the unknown placeholder {{{p}}} (known: {{code}}, {{minutes}}, {{appName}}, {{amount}}, {{payee}})."));
        return problems;
    }

    /// <summary>A value as one line: control characters become spaces, bidirectional controls are dropped.</summary>
    internal static string Clean(string value)
    {
        var b = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            if (char.IsControl(c))
            {
                b.Append(' ');
            }
            else if (!IsBidiControl(c))
            {
                b.Append(c);
            }
        }

        return b.ToString().Trim();
    }

    // ALM, LRM, RLM, LRE/RLE/PDF/LRO/RLO, LRI/RLI/FSI/PDI.
    private static bool IsBidiControl(char c) => c is '\u061C' or '\u200E' or '\u200F' or (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069');

    [GeneratedRegex(@"\{([A-Za-z][A-Za-z0-9]*)\}", RegexOptions.CultureInvariant)]
    private static partial Regex Placeholder();
}

/// <summary>
/// The values a template's placeholders take. <see cref="Amount"/> is shown as given together with its
/// currency (<see cref="FormatAmount"/>): <c>{amount}</c> renders as <c>12.50 EUR</c>, never re-formatted
/// per locale, because the text the user approves must be the amount the app sent (PSD2 dynamic linking)
/// and an ISO 4217 code is unambiguous where symbols are not (<c>$</c>) and stays in GSM-7 where
/// symbols do not (<c>€</c> costs two septets, <c>₹</c> forces UCS-2).
/// </summary>
internal sealed record MessageValues(string Code, int Minutes, string? AppName = null, string? Amount = null, string? Payee = null)
{
    /// <summary><c>{minutes}</c> for a lifetime: whole minutes rounded up, so 30 s is "1" and 86400 s is "1440".</summary>
    public static int MinutesFrom(int seconds) => Math.Max(1, (int)Math.Ceiling(seconds / 60.0));

    /// <summary><c>{amount}</c> for a §10.4 transaction: the decimal string as sent, a space, the upper-case ISO 4217 code.</summary>
    public static string FormatAmount(string amount, string currency) =>
        amount.Trim() + " " + currency.Trim().ToUpperInvariant();

    /// <summary>Values for a plain send.</summary>
    public static MessageValues Plain(string code, int lifetimeSeconds, string? appName = null) =>
        new(code, MinutesFrom(lifetimeSeconds), appName);

    /// <summary>Values for a payment send: <c>{amount}</c> is <see cref="FormatAmount"/> of the transaction.</summary>
    public static MessageValues Payment(string code, int lifetimeSeconds, string amount, string currency, string payee, string? appName = null) =>
        new(code, MinutesFrom(lifetimeSeconds), appName, FormatAmount(amount, currency), payee);

    internal string MinutesText => Minutes.ToString(CultureInfo.InvariantCulture);
}
