namespace SmsOtp.Client;

/// <summary>A payment a code is bound to (dynamic linking): shown in the SMS, and the code verifies only for it.</summary>
/// <param name="Amount">The amount as a decimal string, e.g. <c>12.50</c>.</param>
/// <param name="Currency">The ISO 4217 currency code, e.g. <c>EUR</c>.</param>
/// <param name="Payee">Who is paid, 1 to 64 characters, as the SMS shows it.</param>
public sealed record Transaction(string Amount, string Currency, string Payee);
