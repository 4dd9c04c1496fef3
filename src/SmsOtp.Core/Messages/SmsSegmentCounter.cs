using System.Buffers;

namespace SmsOtp.Core.Messages;

/// <summary>
/// Counts a message the way the network does (spec §10.3): GSM-7 when every character is in the GSM 03.38
/// basic or extension table, else UCS-2. One segment holds 160 septets or 70 UTF-16 units; a concatenated
/// message loses 7 septets (6 octets of user data header) per part, so each part holds 153 septets or 67
/// units. An escape pair (extension character) and a surrogate pair (emoji) are never split across parts,
/// so parts are counted by packing, not by dividing.
/// </summary>
internal static class SmsSegmentCounter
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

/// <summary>
/// The GSM 03.38 / 3GPP TS 23.038 default alphabet: the basic table (one septet) and the characters of the
/// default extension table (escape plus a septet, so two). National language shift tables are left out on
/// purpose: support for them differs between providers and networks, so a text that needs one is counted as
/// UCS-2, which is what a provider that does not use them sends.
/// </summary>
internal static class Gsm7Alphabet
{
    // The 127 characters of the basic table in table order (0x1B, the escape to the extension table, is not one).
    // Note 0x09 is capital Ç; small ç is not in the table.
    private const string BasicTable =
        "@£$¥èéùìòÇ\nØø\rÅå" +
        "Δ_ΦΓΛΩΠΨΣΘΞÆæßÉ" +
        " !\"#¤%&'()*+,-./" +
        "0123456789:;<=>?" +
        "¡ABCDEFGHIJKLMNO" +
        "PQRSTUVWXYZÄÖÑÜ§" +
        "¿abcdefghijklmno" +
        "pqrstuvwxyzäöñüà";

    // Form feed, ^ { } \ [ ~ ] | and the euro sign: each is sent as ESC + a septet.
    private const string ExtensionTable = "\f^{}\\[~]|€";

    private static readonly SearchValues<char> Basic = SearchValues.Create(BasicTable);
    private static readonly SearchValues<char> Extension = SearchValues.Create(ExtensionTable);

    /// <summary>Septets the character takes: 1 (basic table), 2 (extension table) or 0 (not in GSM-7).</summary>
    public static int Septets(char c) => Basic.Contains(c) ? 1 : Extension.Contains(c) ? 2 : 0;

    /// <summary>True when every character of <paramref name="text"/> is in the basic or the extension table.</summary>
    public static bool CanEncode(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (Septets(c) == 0)
            {
                return false;
            }
        }

        return true;
    }
}

/// <summary>
/// How a message travels: its <see cref="Encoding"/> (<see cref="SmsEncodings"/>), its length in that
/// encoding's <see cref="Units"/> (GSM-7 septets or UTF-16 code units) and the number of SMS
/// <see cref="Segments"/> the network bills.
/// </summary>
internal sealed record SmsSegmentCount(string Encoding, int Units, int Segments);
