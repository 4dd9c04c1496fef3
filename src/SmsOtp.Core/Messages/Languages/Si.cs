using K = SmsOtp.Core.Messages.Languages.PageTextKeys;

namespace SmsOtp.Core.Messages.Languages;

/// <summary>
/// Sinhala, polite forms. Conjuncts such as ප්‍ර and ක්‍ර are written with an explicit ZWJ (U+200D) after the
/// al-lakuna, as Unicode requires for the rakaaransaya.
/// </summary>
internal static class Si
{
    public static LanguagePack Pack { get; } = new(
        "si", "si", "ltr", "Sinhala",
        PlainSms: "කේතය {code}. බෙදා නොගන්න",
        PaymentSms: "{payee} වෙත {amount} ගෙවීමට කේතය {code}. බෙදා නොගන්න",
        new Dictionary<string, string>
        {
            [K.AppName] = "පුරනය වීමේ තහවුරු කිරීම",
            [K.CodeTitle] = "ඔබේ තහවුරු කිරීමේ කේතය ඇතුළත් කරන්න",
            [K.CodeSentDigits] = "{mobile} අංකයට ඉලක්කම් {length}ක කේතයක් SMS මගින් යවා ඇත.",
            [K.CodeSentCharacters] = "{mobile} අංකයට අක්ෂර {length}ක කේතයක් SMS මගින් යවා ඇත.",
            [K.CodeLabel] = "තහවුරු කිරීමේ කේතය",
            [K.CodeAttempts] = "ඉතිරි උත්සාහයන්: {count}",
            [K.CodeSubmit] = "තහවුරු කරන්න",
            [K.ResendWait] = "කේතය ලැබුණේ නැද්ද? තත්පර {seconds}කින් ඔබට නව කේතයක් ඉල්ලිය හැක.",
            [K.ResendNow] = "කේතය ලැබුණේ නැද්ද? ඔබට දැන් නව කේතයක් ඉල්ලිය හැක.",
            [K.ResendButton] = "නව කේතයක් යවන්න",
            [K.BackupToggle] = "උපස්ථ කේතයක් භාවිත කරන්න",
            [K.BackupLabel] = "උපස්ථ කේතය",
            [K.BackupSubmit] = "උපස්ථ කේතය තහවුරු කරන්න",
            [K.NoticeCodeSent] = "අපි ඔබට නව කේතයක් යැව්වෙමු.",
            [K.ErrorCodeEmpty] = "SMS පණිවිඩයේ ඇති කේතය ඇතුළත් කරන්න.",
            [K.ErrorCodeWrong] = "එම කේතය නිවැරදි නැත. SMS පණිවිඩය පරීක්ෂා කර නැවත උත්සාහ කරන්න.",
            [K.ErrorResendTooSoon] = "නව කේතයක් ඉල්ලීමට පෙර තත්පර {seconds}ක් රැඳී සිටින්න.",
            [K.ErrorResendLimit] = "මෙම පුරනය සඳහා තවත් කේත යැවිය නොහැක.",
            [K.ErrorResendDisabled] = "නව කේතයක් යැවීමේ පහසුකම ලබා ගත නොහැක.",
            [K.MobileTitleCapture] = "ඔබේ ජංගම දුරකථන අංකය එක් කරන්න",
            [K.MobileTitleDirect] = "ඔබේ ජංගම දුරකථන අංකය ඇතුළත් කරන්න",
            [K.MobileIntroCapture] = "අපි මෙම අංකයට කේතයක් යවන්නෙමු. ඔබ කේතය ඇතුළත් කළ පසු, අංකය ඔබේ ගිණුමේ සුරැකේ.",
            [K.MobileIntroDirect] = "අපි මෙම අංකයට එක් වරක් පමණක් භාවිත කළ හැකි කේතයක් යවන්නෙමු. එය මෙම පුරනය සඳහා පමණක් භාවිත වන අතර සුරැකෙන්නේ නැත.",
            [K.MobileLabel] = "ජංගම දුරකථන අංකය",
            [K.MobileHint] = "රටේ කේතය ඇතුළත් කරන්න, උදාහරණයක් ලෙස +94 77 123 4567.",
            [K.MobileSubmit] = "කේතය යවන්න",
            [K.ErrorMobileEmpty] = "ඔබේ ජංගම දුරකථන අංකය ඇතුළත් කරන්න.",
            [K.ErrorMobileInvalid] = "මෙය වලංගු ජංගම දුරකථන අංකයක් නොවේ. රටේ කේතය ඇතුළත් කරන්න, උදාහරණයක් ලෙස +94 77 123 4567.",
            [K.ErrorCountryNotAllowed] = "+{countryCode} රටේ කේතය සහිත අංක භාවිත කළ නොහැක.",
            [K.ErrorNumberTypeNotAllowed] = "මෙම අංකයට කේත ලැබිය නොහැක. ජංගම දුරකථන අංකයක් භාවිත කරන්න.",
            [K.ErrorRateLimited] = "මෑතකදී කේත ඕනෑවට වඩා යවා ඇත. පසුව නැවත උත්සාහ කරන්න.",
            [K.ErrorDestinationSuspended] = "දැනට මෙම අංකයට කේත යැවිය නොහැක. පසුව නැවත උත්සාහ කරන්න.",
            [K.ErrorTitle("expired")] = "මෙම කේතය කල් ඉකුත් වී ඇත",
            [K.ErrorText("expired")] = "කේතය හෝ මෙම පුරන පිටුව තවදුරටත් වලංගු නැත. නව කේතයක් ලබා ගැනීමට නැවත පුරනය වන්න.",
            [K.ErrorTitle("attempts_exhausted")] = "වැරදි කේත ඕනෑවට වඩා ඇතුළත් කර ඇත",
            [K.ErrorText("attempts_exhausted")] = "මෙම පුරනය සඳහා තවත් උත්සාහ කිරීමට ඉඩ නැත.",
            [K.ErrorTitle("locked")] = "ඔබේ ගිණුම අගුළු දමා ඇත",
            [K.ErrorText("locked")] = "අසාර්ථක තහවුරු කිරීම් ඕනෑවට වඩා සිදු විය.",
            [K.ErrorTitle("delivery_failed")] = "අපට SMS පණිවිඩය යැවිය නොහැකි විය",
            [K.ErrorText("delivery_failed")] = "කේතය ඔබේ දුරකථනයට ලබා දිය නොහැකි විය.",
            [K.ErrorTitle("consumed")] = "මෙම කේතය දැනටමත් භාවිත කර ඇත",
            [K.ErrorText("consumed")] = "මෙම පුරනය දැනටමත් සම්පූර්ණ කර ඇත.",
            [K.ErrorTitle("challenge_not_found")] = "මෙම පුරනය තවදුරටත් වලංගු නැත",
            [K.ErrorText("challenge_not_found")] = "එය නවතම පුරනයකින් ප\u0DCA\u200Dරතිස්ථාපනය කර ඇත, නැතහොත් අවසන් වී ඇත. නැවත පුරනය වන්න.",
            [K.ErrorTitle("invalid_link")] = "මෙම සබැඳිය වලංගු නැත",
            [K.ErrorText("invalid_link")] = "පුරන සබැඳිය හානි වී ඇත, නැතහොත් මෙම සේවාව මගින් නිකුත් කළ එකක් නොවේ. නැවත පුරනය වන්න.",
            [K.ErrorTitle("bad_request")] = "පෝරමය කියවිය නොහැකි විය",
            [K.ErrorText("bad_request")] = "ආපසු ගොස් නැවත උත්සාහ කරන්න.",
            [K.ErrorTitle("csrf_failed")] = "ඔබේ සැසිය කල් ඉකුත් වී ඇත",
            [K.ErrorText("csrf_failed")] = "පෝරමය තහවුරු කළ නොහැකි විය. පුරන පිටුව නැවත විවෘත කර නැවත උත්සාහ කරන්න.",
            [K.ErrorTitle("service_unavailable")] = "යමක් වැරදී ඇත",
            [K.ErrorText("service_unavailable")] = "සේවාව කාර්යබහුලයි. මොහොතක් රැඳී සිට පිටුව නැවත පූරණය කරන්න.",
            [K.LockedUntil] = "ඔබට {time} න් පසු නැවත උත්සාහ කළ හැක.",
            [K.ContinueMultiOption] = "පුරනය වීමට වෙනත් ක\u0DCA\u200Dරමයක් උත්සාහ කරන්න",
            [K.ContinueBack] = "{appName} වෙත ආපසු යන්න",
        });
}
