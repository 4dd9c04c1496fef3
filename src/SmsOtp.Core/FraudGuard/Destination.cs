namespace SmsOtp.Core.FraudGuard;

/// <summary>
/// A destination of the guard (spec §9): the first <c>PrefixLength</c> digits of an E.164 number, without the
/// <c>+</c> (<c>+94778888888</c> → <c>94778</c> at the default 5). Never the whole number: the prefix is what logs,
/// audit events and shared rows hold.
/// </summary>
public static class Destination
{
    public static string Of(string e164, int prefixLength)
    {
        var digits = e164.AsSpan().TrimStart('+');
        return digits[..Math.Min(prefixLength, Math.Max(0, digits.Length - 1))].ToString();
    }

    /// <summary>Whether the number starts with one of the trusted digit prefixes.</summary>
    public static bool IsTrusted(string e164, IReadOnlyList<string> trusted)
    {
        var digits = e164.AsSpan().TrimStart('+');
        foreach (var prefix in trusted)
        {
            if (digits.StartsWith(prefix, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
