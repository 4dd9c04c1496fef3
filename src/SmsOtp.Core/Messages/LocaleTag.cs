using System.Diagnostics.CodeAnalysis;

namespace SmsOtp.Core.Messages;

/// <summary>
/// BCP 47 language tags (RFC 5646), the subset a message or a page needs: a 2-3 letter language, an optional
/// 4-letter script, an optional region (2 letters or 3 digits) and optional variants (5-8 alphanumerics, or a
/// digit and 3 alphanumerics). Extensions (<c>-u-...</c>), private use (<c>x-...</c>), extended language
/// subtags and grandfathered tags are refused. Case is normalised as the RFC recommends (<c>pt-br</c> →
/// <c>pt-BR</c>, <c>zh-hant-tw</c> → <c>zh-Hant-TW</c>); <c>_</c> is read as <c>-</c> because Java and
/// WSO2 write locales as <c>pt_BR</c>.
/// </summary>
public static class LocaleTag
{
    /// <summary>RFC 5646 §4.4.1: every implementation should accept tags of at least 35 characters.</summary>
    public const int MaxLength = 35;

    public static bool IsValid(string? value) => TryNormalize(value, out _);

    /// <summary>The tag in canonical case, or false when <paramref name="value"/> is not a tag of the subset.</summary>
    public static bool TryNormalize(string? value, [NotNullWhen(true)] out string? normalized)
    {
        normalized = null;
        var text = value?.Trim();
        if (string.IsNullOrEmpty(text) || text.Length > MaxLength)
        {
            return false;
        }

        var subtags = text.Split('-', '_');
        var b = new StringBuilder(text.Length);
        var language = subtags[0];
        if (language.Length is < 2 or > 3 || !IsAlpha(language))
        {
            return false;
        }

        b.Append(language.ToLowerInvariant());
        var i = 1;
        if (i < subtags.Length && subtags[i].Length == 4 && IsAlpha(subtags[i]))
        {
            b.Append('-').Append(char.ToUpperInvariant(subtags[i][0])).Append(subtags[i][1..].ToLowerInvariant());
            i++;
        }

        if (i < subtags.Length && ((subtags[i].Length == 2 && IsAlpha(subtags[i])) || (subtags[i].Length == 3 && IsDigits(subtags[i]))))
        {
            b.Append('-').Append(subtags[i].ToUpperInvariant());
            i++;
        }

        var variants = new HashSet<string>(StringComparer.Ordinal);
        for (; i < subtags.Length; i++)
        {
            var v = subtags[i].ToLowerInvariant();
            var isVariant = IsAlphanumeric(v) && (v.Length is >= 5 and <= 8 || (v.Length == 4 && char.IsAsciiDigit(v[0])));
            if (!isVariant || !variants.Add(v))
            {
                return false;
            }

            b.Append('-').Append(v);
        }

        normalized = b.ToString();
        return true;
    }

    /// <summary>
    /// The RFC 4647 lookup chain of a normalised tag, most specific first: <c>zh-Hant-TW</c> → <c>zh-Hant-TW</c>,
    /// <c>zh-Hant</c>, <c>zh</c>; <c>pt-BR</c> → <c>pt-BR</c>, <c>pt</c>.
    /// </summary>
    public static IReadOnlyList<string> Fallbacks(string tag)
    {
        ArgumentException.ThrowIfNullOrEmpty(tag);
        var chain = new List<string> { tag };
        for (var cut = tag.LastIndexOf('-'); cut > 0; cut = tag.LastIndexOf('-', cut - 1))
        {
            chain.Add(tag[..cut]);
        }

        return chain;
    }

    private static bool IsAlpha(string s) => s.All(char.IsAsciiLetter);

    private static bool IsDigits(string s) => s.All(char.IsAsciiDigit);

    private static bool IsAlphanumeric(string s) => s.All(char.IsAsciiLetterOrDigit);
}
