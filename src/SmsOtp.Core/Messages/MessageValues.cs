namespace SmsOtp.Core.Messages;

/// <summary>
/// The values a template's placeholders take. <see cref="Amount"/> is shown as given together with its
/// currency (<see cref="FormatAmount"/>): <c>{amount}</c> renders as <c>12.50 EUR</c>, never re-formatted
/// per locale, because the text the user approves must be the amount the app sent (PSD2 dynamic linking)
/// and an ISO 4217 code is unambiguous where symbols are not (<c>$</c>) and stays in GSM-7 where
/// symbols do not (<c>€</c> costs two septets, <c>₹</c> forces UCS-2).
/// </summary>
public sealed record MessageValues(string Code, int Minutes, string? AppName = null, string? Amount = null, string? Payee = null)
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
