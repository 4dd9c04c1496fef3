using System.Diagnostics.CodeAnalysis;

namespace SmsOtp.Tests.Messages;

/// <summary>
/// What a browser reads from an SMS (WICG "Origin-bound one-time codes delivered via SMS"): the tests' model of
/// the reader, to check the messages <c>SmsComposer</c> writes.
/// </summary>
internal static class WicgSmsParser
{
    /// <summary>
    /// The WICG parsing algorithm ("parse an origin-bound one-time code message"): the last line after
    /// newline normalisation; <c>@</c> and a token, one space, <c>#</c> and a token; then optionally one space,
    /// <c>%</c> and the embedded host; trailing text is ignored. Tokens run to the next ASCII white space.
    /// </summary>
    public static bool TryParse(string message, [NotNullWhen(true)] out WebOtpMessage? result)
    {
        result = null;
        var normalised = message.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');
        var line = normalised[(normalised.LastIndexOf('\n') + 1)..];
        var position = 0;
        var host = MarkedToken(line, ref position, '@');
        if (host is null || position >= line.Length || line[position] != ' ')
        {
            return false;
        }

        position++;
        var code = MarkedToken(line, ref position, '#');
        if (code is null)
        {
            return false;
        }

        string? embedded = null;
        if (position < line.Length && line[position] == ' ')
        {
            position++;
            embedded = MarkedToken(line, ref position, '%');
        }

        result = new WebOtpMessage(host, code, embedded);
        return true;
    }

    private static string? MarkedToken(string s, ref int position, char marker)
    {
        if (position >= s.Length || s[position] != marker)
        {
            return null;
        }

        var start = ++position;
        while (position < s.Length && !IsAsciiWhitespace(s[position]))
        {
            position++;
        }

        return position > start ? s[start..position] : null;
    }

    // Infra's ASCII whitespace: TAB, LF, FF, CR, SPACE.
    private static bool IsAsciiWhitespace(char c) => c is '\t' or '\n' or '\f' or '\r' or ' ';
}
