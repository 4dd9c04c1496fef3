using PhoneNumbers;

namespace SmsOtp.Core.Telemetry;

/// <summary>
/// The calling code of a number (<c>+94778888888</c> → <c>94</c>): the only part of a number telemetry may hold
/// (spec §11). Calling codes form a prefix code, so the first one, two or three digits name at most one; the
/// table holds each code's string once, so a lookup allocates nothing.
/// </summary>
internal static class CallingCodes
{
    private static readonly string?[] Table = Build();

    /// <summary>The calling code of an E.164 number or of its digits (a fraud-guard destination), else null.</summary>
    public static string? Of(string? number)
    {
        if (string.IsNullOrEmpty(number))
        {
            return null;
        }

        var span = number.AsSpan();
        if (span[0] == '+')
        {
            span = span[1..];
        }

        if (span.IsEmpty || span[0] == '0')
        {
            return null;
        }

        var code = 0;
        for (var i = 0; i < 3 && i < span.Length && char.IsAsciiDigit(span[i]); i++)
        {
            code = (code * 10) + (span[i] - '0');
            if (Table[code] is { } found)
            {
                return found;
            }
        }

        return null;
    }

    private static string?[] Build()
    {
        var table = new string?[1000];
        foreach (var code in PhoneNumberUtil.GetInstance().GetSupportedCallingCodes())
        {
            if (code is > 0 and < 1000)
            {
                table[code] = code.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        return table;
    }
}
