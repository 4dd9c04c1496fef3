namespace SmsOtp.Core.Phone;

/// <summary>Masks a number for responses and logs: the leading <c>+</c> and the last 4 digits stay.</summary>
public static class MobileMask
{
    public static string Mask(string? e164)
    {
        if (string.IsNullOrEmpty(e164))
        {
            return string.Empty;
        }

        var chars = e164.ToCharArray();
        var keepFrom = chars.Length - 4;
        for (var i = 0; i < chars.Length; i++)
        {
            if (char.IsAsciiDigit(chars[i]) && i < keepFrom)
            {
                chars[i] = '*';
            }
        }

        return new string(chars);
    }
}
