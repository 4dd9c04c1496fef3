namespace SmsOtp.Core.Messages;

/// <summary>
/// Counts a message the way the network does (spec §10.3): GSM-7 when every character is in the GSM 03.38
/// basic or extension table, else UCS-2. One segment holds 160 septets or 70 UTF-16 units; a concatenated
/// message loses 7 septets (6 octets of user data header) per part, so each part holds 153 septets or 67
/// units. An escape pair (extension character) and a surrogate pair (emoji) are never split across parts,
/// so parts are counted by packing, not by dividing.
/// </summary>
public static class SmsSegmentCounter
{
    public const int Gsm7SingleSegment = 160;
    public const int Gsm7PerPart = 153;
    public const int Ucs2SingleSegment = 70;
    public const int Ucs2PerPart = 67;

    /// <summary>
    /// The encoding, units and segments of <paramref name="text"/>. An empty text is one segment of zero
    /// units (an SMS is never shorter than one PDU).
    /// </summary>
    public static SmsSegmentCount Count(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Gsm7Alphabet.CanEncode(text) ? CountGsm7(text) : CountUcs2(text);
    }

    /// <summary>True when <paramref name="text"/> can be sent in GSM-7 (basic and extension tables only).</summary>
    public static bool IsGsm7(string text) => Gsm7Alphabet.CanEncode(text);

    private static SmsSegmentCount CountGsm7(string text)
    {
        var units = 0;
        foreach (var c in text)
        {
            units += Gsm7Alphabet.Septets(c);
        }

        if (units <= Gsm7SingleSegment)
        {
            return new SmsSegmentCount(SmsEncodings.Gsm7, units, 1);
        }

        var parts = 1;
        var used = 0;
        foreach (var c in text)
        {
            var septets = Gsm7Alphabet.Septets(c);
            if (used + septets > Gsm7PerPart)
            {
                parts++;
                used = 0;
            }

            used += septets;
        }

        return new SmsSegmentCount(SmsEncodings.Gsm7, units, parts);
    }

    private static SmsSegmentCount CountUcs2(string text)
    {
        var units = text.Length;
        if (units <= Ucs2SingleSegment)
        {
            return new SmsSegmentCount(SmsEncodings.Ucs2, units, 1);
        }

        var parts = 1;
        var used = 0;
        for (var i = 0; i < text.Length; i++)
        {
            // A surrogate pair is one character: both halves go in the same part. A lone surrogate counts as one unit.
            var size = char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]) ? 2 : 1;
            if (used + size > Ucs2PerPart)
            {
                parts++;
                used = 0;
            }

            used += size;
            i += size - 1;
        }

        return new SmsSegmentCount(SmsEncodings.Ucs2, units, parts);
    }
}
