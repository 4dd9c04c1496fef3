namespace SmsOtp.Core.Messages;

/// <summary>The two SMS data codings the counter tells apart, spelled as the §11 metric attribute <c>encoding</c>.</summary>
public static class SmsEncodings
{
    /// <summary>GSM 03.38 (3GPP TS 23.038) default alphabet with its extension table, 7 bits a character.</summary>
    public const string Gsm7 = "gsm7";

    /// <summary>UCS-2, in practice UTF-16: 16 bits a code unit, astral characters (emoji) take two.</summary>
    public const string Ucs2 = "ucs2";
}
