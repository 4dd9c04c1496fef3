namespace SmsOtp.Core.Providers;

/// <summary>The values of <c>$ctx.num</c>, <c>$ctx.msg</c> and <c>$ctx.otp</c>.</summary>
public sealed record TemplateValues(string Number, string Message, string Code);
