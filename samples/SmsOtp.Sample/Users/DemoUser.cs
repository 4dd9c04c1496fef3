namespace SmsOtp.Sample.Users;

/// <summary>A user of the demo store: the app's own first factor. The mobile number lives at the SMS OTP service.</summary>
public sealed record DemoUser(string UserName, string DisplayName, string? Mobile)
{
    public string PasswordHash { get; init; } = "";
}
