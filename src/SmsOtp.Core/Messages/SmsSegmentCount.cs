namespace SmsOtp.Core.Messages;

/// <summary>
/// How a message travels: its <see cref="Encoding"/> (<see cref="SmsEncodings"/>), its length in that
/// encoding's <see cref="Units"/> (GSM-7 septets or UTF-16 code units) and the number of SMS
/// <see cref="Segments"/> the network bills.
/// </summary>
public sealed record SmsSegmentCount(string Encoding, int Units, int Segments);
