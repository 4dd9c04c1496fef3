namespace SmsOtp.Core.Messages;

/// <summary>
/// The Android SMS Retriever app hash (<c>AndroidAppHash</c>, or <c>appHash</c> on a send): the first 11
/// characters of the base64 SHA-256 of the app's package name and signing certificate, so 11 characters of
/// the standard base64 alphabet (<c>A-Z a-z 0-9 + /</c>, no padding). Google's current rules for the message:
/// at most 140 bytes (one SMS segment), the one-time code, and the hash; the older "&lt;#&gt;" prefix and
/// "hash at the very end" rules are no longer required. <see cref="SmsComposer"/> puts the hash on its own
/// line, last when there is no WebOTP line and just before it when there is (WebOTP needs the last line).
/// </summary>
public static class AndroidAppHash
{
    public const int Length = 11;

    /// <summary>Why <paramref name="hash"/> is not an app hash, or null when it is. The caller prefixes the key or field.</summary>
    public static string? Validate(string? hash) =>
        hash is { Length: Length } && hash.All(c => char.IsAsciiLetterOrDigit(c) || c is '+' or '/')
            ? null
            : "must be the 11-character SMS Retriever app hash (letters, digits, '+' or '/'), e.g. from Google's AppSignatureHelper.";
}
