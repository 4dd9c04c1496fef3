namespace SmsOtp.Core.Messages.Languages;

/// <summary>
/// The <c>Accept-Language</c> request header (RFC 9110 §12.5.4): language ranges with optional q-values,
/// best first. Ranges that are not tags of <see cref="LocaleTag"/>'s subset are skipped, <c>q=0</c> means
/// "not acceptable" and drops the range, a malformed q-value drops the range; the wildcard <c>*</c> is kept.
/// The header is read only up to <see cref="MaxRanges"/> ranges, so a hostile header costs little.
/// </summary>
public static class AcceptLanguage
{
    public const string Wildcard = "*";
    public const int MaxRanges = 32;

    /// <summary>Normalised tags (and <see cref="Wildcard"/>), by q-value descending, ties in header order.</summary>
    public static IReadOnlyList<string> Parse(string? header)
    {
        if (string.IsNullOrWhiteSpace(header))
        {
            return [];
        }

        var ranges = new List<(string Tag, int Weight, int Order)>();
        var items = header.Split(',', MaxRanges + 1);
        for (var order = 0; order < items.Length && order < MaxRanges; order++)
        {
            var parts = items[order].Split(';');
            var range = parts[0].Trim();
            var weight = 1000;
            var valid = true;
            foreach (var parameter in parts.Skip(1))
            {
                var p = parameter.Trim();
                if (p.Length >= 2 && (p[0] is 'q' or 'Q') && p[1] == '=')
                {
                    valid &= TryWeight(p[2..], out weight);
                }
            }

            if (!valid || weight == 0)
            {
                continue;
            }

            if (range == Wildcard)
            {
                ranges.Add((Wildcard, weight, order));
            }
            else if (LocaleTag.TryNormalize(range, out var tag))
            {
                ranges.Add((tag, weight, order));
            }
        }

        return ranges.OrderByDescending(r => r.Weight).ThenBy(r => r.Order).Select(r => r.Tag).Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>RFC 9110 qvalue: <c>0</c>, <c>0.d</c> ... <c>0.ddd</c>, <c>1</c>, <c>1.0</c> ... <c>1.000</c>; in thousandths.</summary>
    private static bool TryWeight(string text, out int weight)
    {
        weight = 0;
        if (text.Length is 0 or > 5 || (text[0] != '0' && text[0] != '1') || (text.Length > 1 && text[1] != '.'))
        {
            return false;
        }

        var fraction = text.Length > 2 ? text[2..] : "";
        if (!fraction.All(char.IsAsciiDigit) || (text[0] == '1' && fraction.Any(c => c != '0')))
        {
            return false;
        }

        weight = text[0] == '1' ? 1000 : int.Parse(fraction.PadRight(3, '0'), CultureInfo.InvariantCulture);
        return true;
    }
}
