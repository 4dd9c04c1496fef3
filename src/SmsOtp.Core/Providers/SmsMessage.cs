namespace SmsOtp.Core.Providers;

/// <summary>One SMS: the E.164 number, the rendered text and the code alone (for <c>$ctx.otp</c>).</summary>
public sealed record SmsMessage(string To, string Text, string Code)
{
    /// <summary>The tenant whose providers send it (spec §10.1: a tenant's own list replaces the global one).</summary>
    public string? Tenant { get; init; }

    /// <summary>Providers this code must not go to again: each timed out twice for it and may have sent it.</summary>
    public IReadOnlySet<string> SkipProviders { get; init; } = new HashSet<string>();

    public override string ToString() => $"SMS to {Phone.MobileMask.Mask(To)}";
}
