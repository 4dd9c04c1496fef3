namespace SmsOtp.Core.Providers.Templates;

/// <summary>The values of <c>$ctx.num</c>, <c>$ctx.msg</c> and <c>$ctx.otp</c>, and for receipts (spec §8) <c>$ctx.ref</c> and <c>$ctx.callback</c>.</summary>
public sealed record TemplateValues(string Number, string Message, string Code)
{
    /// <summary><c>$ctx.ref</c>: the code's <see cref="SmsMessage.Reference"/>, or empty.</summary>
    public string Reference { get; init; } = "";

    /// <summary><c>$ctx.callback</c>: the receipt URL for this message, or empty when receipts are off.</summary>
    public string Callback { get; init; } = "";
}
