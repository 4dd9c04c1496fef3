namespace SmsOtp.Core.Messages;

/// <summary>The text handed to the provider and how the network will carry it.</summary>
public sealed record ComposedSms(string Text, SmsSegmentCount Count);
