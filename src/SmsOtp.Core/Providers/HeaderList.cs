namespace SmsOtp.Core.Providers;

/// <summary>Parses WSO2's header string <c>Name: Value,Name: Value</c>.</summary>
public static class HeaderList
{
    public static bool TryParse(string? text, out List<KeyValuePair<string, string>> headers)
    {
        headers = [];
        if (string.IsNullOrWhiteSpace(text))
        {
            return true;
        }

        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var colon = part.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                return false;
            }

            var name = part[..colon].Trim();
            if (name.Any(c => c <= ' ' || c >= 127 || c is ':' or '(' or ')' or '"' or ',' or ';'))
            {
                return false;
            }

            headers.Add(new(name, part[(colon + 1)..].Trim()));
        }

        return true;
    }
}
