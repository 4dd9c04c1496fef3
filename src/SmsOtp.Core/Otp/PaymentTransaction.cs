namespace SmsOtp.Core.Otp;

/// <summary>
/// What a payment step-up approves (spec §10.4, PSD2 dynamic linking): shown in the SMS, bound into the code's
/// keyed hash (the code verifies only for this transaction) and returned by verify. Never logged.
/// </summary>
/// <param name="Amount">A decimal string as the app sent it (<c>12.50</c>).</param>
/// <param name="Currency">ISO 4217 (<c>EUR</c>).</param>
/// <param name="Payee">1 to 64 characters.</param>
public sealed record PaymentTransaction(string Amount, string Currency, string Payee)
{
    /// <summary>What the code's hash is bound to: a digest of the three fields, unambiguous (length-prefixed).</summary>
    public string Binding()
    {
        var text = $"{Amount.Length}:{Amount}|{Currency.Length}:{Currency}|{Payee.Length}:{Payee}";
        return Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }
}
