namespace SmsOtp.Core.TrustedDevices;

/// <summary>
/// A <c>deviceToken</c> as a send presents it: a type of its own so the request's printed form (records print their
/// members) never shows it.
/// </summary>
public sealed class PresentedDeviceToken(string value)
{
    public string Value { get; } = value;

    public override string ToString() => "[device token]";
}
