namespace SmsOtp.Core.Pages;

/// <summary>
/// Decides whether a <c>returnUrl</c> may be used: same scheme, host and port as an allowed entry and a
/// path under the entry's path (on a segment boundary). Anything ambiguous (user info, fragments,
/// backslashes, encoded slashes or dots, white space) is refused, so the pages are never an open redirect.
/// </summary>
public static class ReturnUrlPolicy
{
    public const int MaxLength = 2048;

    public static bool IsValidAllowedEntry(string? value) =>
        TryParse(value, out var uri) && string.IsNullOrEmpty(uri.Query);

    public static bool IsAllowed(string? returnUrl, IEnumerable<string> allowed, out Uri uri)
    {
        if (!TryParse(returnUrl, out uri))
        {
            return false;
        }

        var path = uri.AbsolutePath;
        foreach (var entry in allowed)
        {
            if (!TryParse(entry, out var a)
                || !string.Equals(a.Scheme, uri.Scheme, StringComparison.OrdinalIgnoreCase)
                || !string.Equals(a.IdnHost, uri.IdnHost, StringComparison.OrdinalIgnoreCase)
                || a.Port != uri.Port)
            {
                continue;
            }

            var prefix = a.AbsolutePath;
            if (prefix.EndsWith('/')
                    ? path.StartsWith(prefix, StringComparison.Ordinal)
                    : path == prefix || path.StartsWith(prefix + "/", StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The origin (scheme://host[:port]) for the pages' Content-Security-Policy form-action.</summary>
    public static string Origin(Uri uri) => uri.GetLeftPart(UriPartial.Authority);

    /// <summary>Appends one query parameter to an allowed return URL.</summary>
    public static string Append(string returnUrl, string name, string value) =>
        returnUrl + (returnUrl.Contains('?', StringComparison.Ordinal) ? "&" : "?") + name + "=" + Uri.EscapeDataString(value);

    private static bool TryParse(string? value, out Uri uri)
    {
        uri = null!;
        if (string.IsNullOrEmpty(value) || value.Length > MaxLength
            || value.Any(c => char.IsControl(c) || char.IsWhiteSpace(c) || c == '\\' || c == '#')
            || value.Contains("%2f", StringComparison.OrdinalIgnoreCase)
            || value.Contains("%5c", StringComparison.OrdinalIgnoreCase)
            || value.Contains("%2e", StringComparison.OrdinalIgnoreCase)
            || !Uri.TryCreate(value, UriKind.Absolute, out var parsed)
            || (parsed.Scheme != Uri.UriSchemeHttps && parsed.Scheme != Uri.UriSchemeHttp)
            || !string.IsNullOrEmpty(parsed.UserInfo)
            || string.IsNullOrEmpty(parsed.Host))
        {
            return false;
        }

        uri = parsed;
        return true;
    }
}
