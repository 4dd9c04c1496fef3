namespace SmsOtp.Core.Messages;

/// <summary>
/// Builds the SMS of §10.3: the rendered template, then the Android app hash on its own line, then the
/// WebOTP line, which must be the last line. Lines are joined with LF (one septet; the WICG parser
/// normalises newlines anyway); trailing white space of the body is dropped so no empty line appears.
/// </summary>
internal static class SmsComposer
{
    /// <summary>Renders <paramref name="template"/> with <paramref name="values"/>, adds the autofill lines and counts the result.</summary>
    public static ComposedSms Compose(string template, MessageValues values, string? webOtpHost = null, string? appHash = null)
    {
        var text = Append(SmsTemplate.Render(template, values), values.Code, webOtpHost, appHash);
        return new ComposedSms(text, SmsSegmentCounter.Count(text));
    }

    /// <summary>Adds the autofill lines to an already rendered body. Empty host or hash means "not configured".</summary>
    public static string Append(string body, string code, string? webOtpHost, string? appHash)
    {
        var text = body.TrimEnd();
        if (!string.IsNullOrEmpty(appHash))
        {
            if (AndroidAppHash.Validate(appHash) is { } problem)
            {
                throw new ArgumentException("The app hash " + problem, nameof(appHash));
            }

            text += "\n" + appHash;
        }

        if (!string.IsNullOrEmpty(webOtpHost))
        {
            text += "\n" + WebOtp.Line(webOtpHost, code);
        }

        return text;
    }
}

/// <summary>The text handed to the provider and how the network will carry it.</summary>
internal sealed record ComposedSms(string Text, SmsSegmentCount Count);
