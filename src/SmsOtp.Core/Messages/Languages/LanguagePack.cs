namespace SmsOtp.Core.Messages.Languages;

/// <summary>
/// Everything shipped for one language: its catalog code, the <c>lang</c> and <c>dir</c> the pages carry,
/// the two SMS templates and the page strings by <see cref="PageTextKeys"/>. One file per language so a
/// reviewer reads one file.
/// </summary>
internal sealed record LanguagePack(
    string Code,
    string Lang,
    string Dir,
    string EnglishName,
    string PlainSms,
    string PaymentSms,
    IReadOnlyDictionary<string, string> Pages);
