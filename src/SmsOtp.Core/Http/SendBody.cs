using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace SmsOtp.Core.Http;

/// <summary>
/// What a send body may add to tenant and user (spec §10.2-§10.4): <c>locale</c>, <c>transaction</c> and
/// <c>appHash</c>. Each is checked here, so a bad one is a 400 naming the field and nothing is stored.
/// </summary>
internal static partial class SendBody
{
    public const int MaxPayeeLength = 64;

    public static bool TryRead(JsonElement body, UserKey user, out SendRequest request, out ApiProblem? problem)
    {
        request = new SendRequest(user);
        if (!RequestReader.TryGetString(body, "locale", out var locale, out problem)
            || !RequestReader.TryGetString(body, "appHash", out var appHash, out problem)
            || !TryTransaction(body, out var transaction, out problem)
            || !TryInteger(body, "codeLength", out var codeLength, out problem)
            || !TryInteger(body, "expiresInSeconds", out var expiresIn, out problem))
        {
            return false;
        }

        string? normalized = null;
        if (locale is not null && !LocaleTag.TryNormalize(locale, out normalized))
        {
            problem = Problem.Validation($"'locale' must be a BCP 47 language tag such as 'en' or 'pt-BR', at most {LocaleTag.MaxLength} characters.");
            return false;
        }

        if (appHash is not null && AndroidAppHash.Validate(appHash) is { } why)
        {
            problem = Problem.Validation($"'appHash' {why}");
            return false;
        }

        request = request with { Locale = normalized, AppHash = appHash, Transaction = transaction };
        request = request with { CodeLength = codeLength, ExpiresInSeconds = expiresIn };
        return true;
    }

    /// <summary>The send in the form a repeat with the same <c>Idempotency-Key</c> must match (spec §7.2).</summary>
    public static string Canonical(SendRequest request, string? returnUrl) =>
        string.Join('\n', request.User.Tenant, request.User.UserId, returnUrl, request.Locale, request.AppHash,
            request.Transaction is { } t ? t.Binding() : null)
        + (request.CodeLength is null && request.ExpiresInSeconds is null ? null : $"\ncode:{request.CodeLength}|{request.ExpiresInSeconds}");

    /// <summary>An optional whole number (spec §15.3's settings); the tenant's bounds are checked where the tenant's policy is known.</summary>
    private static bool TryInteger(JsonElement body, string name, out int? value, out ApiProblem? problem)
    {
        value = null;
        problem = null;
        if (!body.TryGetProperty(name, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        if (element.ValueKind != JsonValueKind.Number || !element.TryGetInt32(out var number) || number <= 0)
        {
            problem = Problem.Validation($"'{name}' must be a positive whole number.");
            return false;
        }

        value = number;
        return true;
    }

    private static bool TryTransaction(JsonElement body, out PaymentTransaction? transaction, out ApiProblem? problem)
    {
        transaction = null;
        problem = null;
        if (!body.TryGetProperty("transaction", out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        if (element.ValueKind != JsonValueKind.Object)
        {
            problem = Problem.Validation("'transaction' must be an object with 'amount', 'currency' and 'payee'.");
            return false;
        }

        if (!RequestReader.TryGetString(element, "amount", out var amount, out problem, "transaction.amount")
            || !RequestReader.TryGetString(element, "currency", out var currency, out problem, "transaction.currency")
            || !RequestReader.TryGetString(element, "payee", out var payee, out problem, "transaction.payee"))
        {
            return false;
        }

        if (amount is null || !AmountPattern().IsMatch(amount))
        {
            problem = Problem.Validation("'transaction.amount' must be a decimal string such as '12.50' (up to 15 digits, up to 4 decimals).");
            return false;
        }

        if (currency is null || !CurrencyPattern().IsMatch(currency))
        {
            problem = Problem.Validation("'transaction.currency' must be an ISO 4217 code such as 'EUR'.");
            return false;
        }

        if (string.IsNullOrWhiteSpace(payee) || payee.Length > MaxPayeeLength || payee.Any(char.IsControl) || !InputValidation.IsWellFormed(payee))
        {
            problem = Problem.Validation($"'transaction.payee' must be 1 to {MaxPayeeLength} characters without control characters.");
            return false;
        }

        transaction = new PaymentTransaction(amount, currency, payee);
        return true;
    }

    [GeneratedRegex(@"^[0-9]{1,15}(\.[0-9]{1,4})?\z", RegexOptions.CultureInvariant)]
    private static partial Regex AmountPattern();

    [GeneratedRegex(@"^[A-Z]{3}\z", RegexOptions.CultureInvariant)]
    private static partial Regex CurrencyPattern();
}

/// <summary>
/// The optional <c>clientIp</c> of the send, mobile and resend bodies (spec §9): the end user's address as the app sees
/// it, for the per-IP limit. Only the textual forms a proxy writes are accepted: IPv4 as four decimal octets
/// (<see cref="IPAddress.TryParse(string, out IPAddress)"/> alone would also read <c>1</c>, <c>0x7f.1</c> or <c>010.0.0.1</c>
/// as addresses) and IPv6 in RFC 4291/5952 text, without a zone id. The value is never echoed: the 400 names the field only.
/// </summary>
internal static partial class ClientIpField
{
    public const string Name = "clientIp";

    /// <summary>The longest IPv6 text (an IPv4-mapped address written out in full).</summary>
    public const int MaxLength = 45;

    public static bool TryRead(JsonElement body, out IPAddress? address, out ApiProblem? problem)
    {
        address = null;
        if (!RequestReader.TryGetString(body, Name, out var text, out problem))
        {
            return false;
        }

        if (text is null)
        {
            return true;
        }

        if (!TryParse(text, out address))
        {
            problem = Problem.Validation($"'{Name}' must be an IPv4 address (four decimal numbers 0-255) or an IPv6 address without a zone.");
            return false;
        }

        return true;
    }

    public static bool TryParse(string text, out IPAddress? address)
    {
        address = null;
        if (text.Length is 0 or > MaxLength)
        {
            return false;
        }

        if (text.Contains(':', StringComparison.Ordinal))
        {
            if (!Ipv6Text().IsMatch(text) || !IPAddress.TryParse(text, out var v6) || v6.AddressFamily != AddressFamily.InterNetworkV6 || v6.ScopeId != 0)
            {
                return false;
            }

            address = v6;
            return true;
        }

        if (!Ipv4Text().IsMatch(text) || !IPAddress.TryParse(text, out var v4))
        {
            return false;
        }

        address = v4;
        return true;
    }

    [GeneratedRegex(@"^(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}\z", RegexOptions.CultureInvariant)]
    private static partial Regex Ipv4Text();

    /// <summary>Hex groups, colons and an optional dotted IPv4 tail: no zone (<c>%</c>), no brackets, no port.</summary>
    [GeneratedRegex(@"^[0-9A-Fa-f:]+(:[0-9.]+)?\z", RegexOptions.CultureInvariant)]
    private static partial Regex Ipv6Text();
}

/// <summary>
/// The trusted-device fields of the API (spec §15.1): <c>deviceToken</c> on send and <c>rememberDevice</c> on verify.
/// Only the type and size are checked: a token of the wrong shape is an unknown token, ignored like any other (its
/// validity is never told), and the value is never echoed.
/// </summary>
internal static class TrustedDeviceFields
{
    public const string DeviceToken = "deviceToken";
    public const string RememberDevice = "rememberDevice";

    public static bool TryReadToken(JsonElement body, out PresentedDeviceToken? token, out ApiProblem? problem)
    {
        token = null;
        if (!RequestReader.TryGetString(body, DeviceToken, out var text, out problem))
        {
            return false;
        }

        if (text is { Length: > DeviceTrust.MaxTokenLength })
        {
            problem = Problem.Validation($"'{DeviceToken}' must be at most {DeviceTrust.MaxTokenLength} characters.");
            return false;
        }

        token = string.IsNullOrEmpty(text) ? null : new PresentedDeviceToken(text);
        return true;
    }

    /// <summary><c>rememberDevice</c>: missing or null is false; anything but a boolean is a 400.</summary>
    public static ApiProblem? ReadRemember(JsonElement body, out bool remember)
    {
        remember = false;
        if (!body.TryGetProperty(RememberDevice, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (element.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
        {
            return Problem.Validation($"'{RememberDevice}' must be true or false.");
        }

        remember = element.GetBoolean();
        return null;
    }
}
