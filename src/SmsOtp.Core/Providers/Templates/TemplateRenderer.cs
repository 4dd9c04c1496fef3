using System.Net.Http.Headers;
using System.Text.Encodings.Web;
using System.Text.RegularExpressions;

namespace SmsOtp.Core.Providers.Templates;

/// <summary>
/// Renders WSO2's placeholders (<c>$ctx.num</c>, <c>$ctx.msg</c>, <c>$ctx.otp</c>) and <c>{secret:NAME}</c>
/// in one pass, escaping each value for where it lands. One pass means text inside a value (a message
/// that contains "$ctx.otp", say) is never expanded again.
/// </summary>
internal static partial class TemplateRenderer
{
    public static IEnumerable<string> SecretNames(string? template) =>
        template is null ? [] : Placeholder().Matches(template).Where(m => m.Groups["secret"].Success).Select(m => m.Groups["secret"].Value);

    public static string Render(string template, TemplateValues values, IReadOnlyDictionary<string, string> secrets, TemplateContext context) =>
        Placeholder().Replace(template, m =>
        {
            var raw = m.Groups["secret"].Success
                ? secrets[m.Groups["secret"].Value]
                : m.Groups["ctx"].Value switch
                {
                    "num" => values.Number,
                    "msg" => values.Message,
                    "ref" => values.Reference,
                    "callback" => values.Callback,
                    _ => values.Code,
                };
            return Escape(raw, context);
        });

    public static string Escape(string value, TemplateContext context) => context switch
    {
        TemplateContext.Url => Uri.EscapeDataString(value),
        TemplateContext.Json => JsonEncodedText.Encode(value, JavaScriptEncoder.UnsafeRelaxedJsonEscaping).ToString(),
        TemplateContext.Form => WebUtility.UrlEncode(value),
        TemplateContext.FormLatin1 => FormEncodeLatin1(value),
        TemplateContext.Xml => System.Security.SecurityElement.Escape(value),
        TemplateContext.Header => value.Any(char.IsControl)
            ? throw new InvalidOperationException("A header value may not contain control characters.")
            : value,
        _ => value,
    };

    /// <summary>Where a payload lands, by its Content-Type (or its shape when there is none).</summary>
    public static TemplateContext PayloadContext(string? contentType, string payload)
    {
        var type = contentType?.Split(';')[0].Trim().ToLowerInvariant();
        return type switch
        {
            null or "" => payload.TrimStart().StartsWith('{') || payload.TrimStart().StartsWith('[') ? TemplateContext.Json : TemplateContext.Form,
            "application/x-www-form-urlencoded" => IsLatin1(contentType) ? TemplateContext.FormLatin1 : TemplateContext.Form,
            _ when type.EndsWith("json", StringComparison.Ordinal) => TemplateContext.Json,
            _ when type.EndsWith("xml", StringComparison.Ordinal) => TemplateContext.Xml,
            _ => TemplateContext.Text,
        };
    }

    /// <summary>True when <paramref name="value"/> fits ISO-8859-1 (every character below U+0100).</summary>
    public static bool FitsLatin1(string value) => value.All(c => c <= '\u00FF');

    private static bool IsLatin1(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var media)
        && media.CharSet?.Trim('"').ToLowerInvariant() is "iso-8859-1" or "latin1" or "iso_8859-1" or "l1";

    // WebUtility.UrlEncode's rules (space as '+', the same unreserved set, upper-case hex) over Latin-1 bytes
    // instead of UTF-8; a character Latin-1 cannot hold becomes '?', as Encoding.Latin1 replaces it.
    private static string FormEncodeLatin1(string value)
    {
        var result = new StringBuilder(value.Length * 3);
        foreach (var b in Encoding.Latin1.GetBytes(value))
        {
            var c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '!' or '*' or '(' or ')')
            {
                result.Append(c);
            }
            else if (c == ' ')
            {
                result.Append('+');
            }
            else
            {
                result.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return result.ToString();
    }

    [GeneratedRegex(@"\$ctx\.(?<ctx>num|msg|otp|ref|callback)|\{secret:(?<secret>[A-Za-z0-9_.\-]{1,127})\}", RegexOptions.CultureInvariant)]
    private static partial Regex Placeholder();
}

/// <summary>The values of <c>$ctx.num</c>, <c>$ctx.msg</c> and <c>$ctx.otp</c>, and for receipts (spec §8) <c>$ctx.ref</c> and <c>$ctx.callback</c>.</summary>
internal sealed record TemplateValues(string Number, string Message, string Code)
{
    /// <summary><c>$ctx.ref</c>: the code's <see cref="SmsMessage.Reference"/>, or empty.</summary>
    public string Reference { get; init; } = "";

    /// <summary><c>$ctx.callback</c>: the receipt URL for this message, or empty when receipts are off.</summary>
    public string Callback { get; init; } = "";
}
