namespace SmsOtp.Core.Messages;

/// <summary>Which SMS a send needs: a plain code, or a payment step-up that must show what is approved (§10.4).</summary>
public enum SmsTemplateKind
{
    /// <summary><c>{code}</c> required; <c>{minutes}</c> and <c>{appName}</c> optional.</summary>
    Plain,

    /// <summary>Dynamic linking: <c>{code}</c>, <c>{amount}</c> and <c>{payee}</c> required; <c>{minutes}</c> and <c>{appName}</c> optional.</summary>
    Payment,
}
