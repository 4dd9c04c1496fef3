namespace SmsOtp.Core.Messages;

/// <summary>
/// The origin-bound one-time code line (WICG "Origin-bound one-time codes delivered via SMS", which
/// Chrome's WebOTP API and Safari's autofill read): the message's last line is <c>@host #code</c>, exactly
/// one space between the two, nothing before the <c>@</c>. The host has no scheme (it is always https) and
/// no port: the origin the spec builds is <c>("https", host, null)</c>, and Chrome reads only letters,
/// digits, <c>.</c> and <c>-</c> for it. An embedded origin for iframes exists (<c>%host</c> in the WICG
/// text, <c> @host</c> in Chrome's docs); the two disagree and §10.3 needs none, so it is never written.
/// </summary>
public static class WebOtp
{
    public const int MaxHostLength = 253;

    /// <summary>
    /// Why <paramref name="host"/> cannot be a <c>WebOtpOrigin</c>, or null when it can: an ASCII host name
    /// (letters, digits, hyphens; labels of 1 to 63 characters that neither start nor end with a hyphen;
    /// at most 253 characters; no trailing dot), without scheme, port or path. Internationalised names go in
    /// their punycode form (<c>xn--...</c>). The caller prefixes the key.
    /// </summary>
    public static string? Validate(string? host)
    {
        if (string.IsNullOrWhiteSpace(host))
        {
            return "must be a host name such as app.example.com.";
        }

        if (host.Contains("://", StringComparison.Ordinal))
        {
            return "must be a host name without a scheme (app.example.com, not https://app.example.com).";
        }

        if (host.Contains(':'))
        {
            return "must be a host name without a port: the WebOTP origin is always https on the default port.";
        }

        if (host.IndexOfAny(['/', '?', '#', '@']) >= 0)
        {
            return "must be a host name without a path, query or user name.";
        }

        if (host.Any(c => c > 0x7F))
        {
            return "must be ASCII: write an internationalised name in its punycode form (xn--...).";
        }

        if (host.Length > MaxHostLength || host.EndsWith('.'))
        {
            return "must be at most 253 characters without a trailing dot.";
        }

        foreach (var label in host.Split('.'))
        {
            if (label.Length is 0 or > 63 || label[0] == '-' || label[^1] == '-' || !label.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'))
            {
                return "must be a host name: labels of 1 to 63 letters, digits or hyphens, separated by dots, none starting or ending with a hyphen.";
            }
        }

        return null;
    }

    /// <summary>The line <c>@host #code</c> (host in lower case, as a browser's origin is).</summary>
    public static string Line(string host, string code)
    {
        if (Validate(host) is { } problem)
        {
            throw new ArgumentException("The WebOTP host " + problem, nameof(host));
        }

        if (string.IsNullOrEmpty(code) || code.Any(c => char.IsWhiteSpace(c) || c == '#'))
        {
            throw new ArgumentException("A WebOTP code must be non-empty, without white space or '#'.", nameof(code));
        }

        return "@" + host.ToLowerInvariant() + " #" + code;
    }
}
