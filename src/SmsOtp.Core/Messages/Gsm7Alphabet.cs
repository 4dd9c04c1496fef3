using System.Buffers;

namespace SmsOtp.Core.Messages;

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
