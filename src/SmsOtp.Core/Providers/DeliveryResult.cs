namespace SmsOtp.Core.Providers;

/// <summary>The outcome of handing an SMS to the provider chain: who accepted it, or what each refused.</summary>
public sealed record DeliveryResult(bool Accepted, string? Provider, IReadOnlyList<string> Failures);
