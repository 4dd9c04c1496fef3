using System.Text;

namespace SmsOtp.Migrate.Config;

/// <summary>
/// Which parameter, field and header names carry credentials in an SMS gateway template. Their values are
/// replaced by <c>{secret:NAME}</c> (never printed); sender and recipient fields are left alone.
/// </summary>
public static class CredentialNames
{
    private static readonly HashSet<string> Exact =
    [
        "apikey", "apisecret", "apitoken", "key", "secret", "password", "passwd", "pwd", "pass", "token", "authtoken",
        "accesstoken", "auth", "authorization", "username", "user", "userid", "login", "accountsid", "sid", "authid",
        "clientid", "clientsecret", "signature", "xapikey", "xauthtoken", "bearer", "proxyauthorization",
    ];

    public static bool IsCredential(string name)
    {
        var n = Normalize(name);
        return Exact.Contains(n) || n.Contains("secret", StringComparison.Ordinal) || n.Contains("password", StringComparison.Ordinal)
            || n.Contains("token", StringComparison.Ordinal) || n.Contains("apikey", StringComparison.Ordinal);
    }

    /// <summary>Lower case letters and digits only: <c>api_key</c>, <c>API-Key</c> and <c>apiKey</c> are one name.</summary>
    public static string Normalize(string name) =>
        new(name.Where(char.IsAsciiLetterOrDigit).Select(char.ToLowerInvariant).ToArray());

    /// <summary>A Key Vault secret name part: lower case, letters, digits and single dashes (<c>api_secret</c> → <c>api-secret</c>).</summary>
    public static string Slug(string text)
    {
        var slug = new StringBuilder();
        var trimmed = text.Trim();
        for (var i = 0; i < trimmed.Length; i++)
        {
            var c = trimmed[i];
            if (char.IsAsciiLetterOrDigit(c))
            {
                // camelCase word breaks become dashes: apiSecret → api-secret.
                if (char.IsAsciiLetterUpper(c) && i > 0 && char.IsAsciiLetterLower(trimmed[i - 1]))
                {
                    slug.Append('-');
                }

                slug.Append(char.ToLowerInvariant(c));
            }
            else if (slug.Length > 0 && slug[^1] != '-')
            {
                slug.Append('-');
            }
        }

        var result = slug.ToString().Trim('-');
        return result.Length == 0 ? "value" : result[..Math.Min(result.Length, 60)].Trim('-');
    }
}
