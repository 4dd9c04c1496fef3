namespace SmsOtp.Core.Messages;

/// <summary>
/// How a message travels: its <see cref="Encoding"/> (<see cref="SmsEncodings"/>), its length in that
/// encoding's <see cref="Units"/> (GSM-7 septets or UTF-16 code units) and the number of SMS
/// <see cref="Segments"/> the network bills.
/// </summary>
public sealed record SmsSegmentCount(string Encoding, int Units, int Segments)
{
    /// <summary>
    /// The message's size in octets on the air interface (GSM-7 septets packed, 2 octets a UTF-16 unit):
    /// Google's SMS Retriever accepts messages of at most 140 bytes, which is exactly one segment.
    /// </summary>
    public int Octets => Encoding == SmsEncodings.Gsm7 ? (Units * 7 + 7) / 8 : Units * 2;
}
