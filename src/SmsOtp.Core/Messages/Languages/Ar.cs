using K = SmsOtp.Core.Messages.Languages.PageTextKeys;

namespace SmsOtp.Core.Messages.Languages;

/// <summary>
/// Arabic, Modern Standard, right to left (<c>dir="rtl"</c>). Left-to-right runs inside a sentence (the
/// example number, <c>+{countryCode}</c>, <c>{time}</c>) sit between U+2066/U+2069 isolates so the "+"
/// and the digits keep their order; the caller should wrap <c>{mobile}</c> in <c>&lt;bdi&gt;</c>. Seconds
/// use the unit abbreviation "ث", so a live countdown needs no plural forms.
/// </summary>
internal static class Ar
{
    public static LanguagePack Pack { get; } = new(
        "ar", "ar", "rtl", "Arabic",
        PlainSms: "رمزك {code}، لا تشاركه",
        PaymentSms: "رمزك {code} لتأكيد دفع {amount} إلى {payee}، لا تشاركه",
        new Dictionary<string, string>
        {
            [K.AppName] = "التحقق من تسجيل الدخول",
            [K.CodeTitle] = "أدخل رمز التحقق",
            [K.CodeSentDigits] = "أرسلنا رمزًا من {length} أرقام في رسالة نصية إلى {mobile}.",
            [K.CodeSentCharacters] = "أرسلنا رمزًا من {length} أحرف في رسالة نصية إلى {mobile}.",
            [K.CodeLabel] = "رمز التحقق",
            [K.CodeAttempts] = "المحاولات المتبقية: {count}",
            [K.CodeSubmit] = "تحقق",
            [K.ResendWait] = "ألم تصلك الرسالة؟ يمكنك طلب رمز جديد بعد {seconds} ث.",
            [K.ResendNow] = "ألم تصلك الرسالة؟ يمكنك الآن طلب رمز جديد.",
            [K.ResendButton] = "إرسال رمز جديد",
            [K.BackupToggle] = "استخدام رمز احتياطي",
            [K.BackupLabel] = "الرمز الاحتياطي",
            [K.BackupSubmit] = "التحقق من الرمز الاحتياطي",
            [K.NoticeCodeSent] = "أرسلنا إليك رمزًا جديدًا.",
            [K.ErrorCodeEmpty] = "أدخل الرمز الوارد في الرسالة النصية.",
            [K.ErrorCodeWrong] = "هذا الرمز غير صحيح. راجع الرسالة النصية وحاول مرة أخرى.",
            [K.ErrorResendTooSoon] = "يُرجى الانتظار {seconds} ث قبل طلب رمز جديد.",
            [K.ErrorResendLimit] = "لا يمكن إرسال مزيد من الرموز لعملية تسجيل الدخول هذه.",
            [K.ErrorResendDisabled] = "إرسال رمز جديد غير متاح.",
            [K.MobileTitleCapture] = "أضف رقم هاتفك المحمول",
            [K.MobileTitleDirect] = "أدخل رقم هاتفك المحمول",
            [K.MobileIntroCapture] = "سنرسل رمزًا إلى هذا الرقم. بعد إدخال الرمز، يُحفَظ الرقم في حسابك.",
            [K.MobileIntroDirect] = "سنرسل رمزًا لمرة واحدة إلى هذا الرقم. يُستخدم لعملية تسجيل الدخول هذه فقط ولا يُحفَظ.",
            [K.MobileLabel] = "رقم الهاتف المحمول",
            [K.MobileHint] = "أدخل رمز البلد، مثل \u2066+94 77 123 4567\u2069.",
            [K.MobileSubmit] = "إرسال الرمز",
            [K.ErrorMobileEmpty] = "أدخل رقم هاتفك المحمول.",
            [K.ErrorMobileInvalid] = "رقم الهاتف المحمول هذا غير صالح. أدخل رمز البلد، مثل \u2066+94 77 123 4567\u2069.",
            [K.ErrorCountryNotAllowed] = "لا يمكن استخدام الأرقام ذات رمز البلد \u2066+{countryCode}\u2069.",
            [K.ErrorNumberTypeNotAllowed] = "لا يمكن لهذا الرقم تلقي الرموز. استخدم رقم هاتف محمول.",
            [K.ErrorRateLimited] = "أُرسل عدد كبير جدًا من الرموز مؤخرًا. حاول مرة أخرى لاحقًا.",
            [K.ErrorDestinationSuspended] = "لا يمكن إرسال رموز إلى هذا الرقم حاليًا. حاول مرة أخرى لاحقًا.",
            [K.ErrorTitle("expired")] = "انتهت صلاحية هذا الرمز",
            [K.ErrorText("expired")] = "لم يعد الرمز أو صفحة تسجيل الدخول هذه صالحًا. ابدأ تسجيل الدخول من جديد للحصول على رمز جديد.",
            [K.ErrorTitle("attempts_exhausted")] = "رموز خاطئة كثيرة جدًا",
            [K.ErrorText("attempts_exhausted")] = "لا تسمح عملية تسجيل الدخول هذه بمزيد من المحاولات.",
            [K.ErrorTitle("locked")] = "حسابك مقفل",
            [K.ErrorText("locked")] = "حدثت محاولات تحقق فاشلة كثيرة جدًا.",
            [K.ErrorTitle("delivery_failed")] = "تعذّر إرسال الرسالة النصية",
            [K.ErrorText("delivery_failed")] = "تعذّر توصيل الرمز إلى هاتفك.",
            [K.ErrorTitle("consumed")] = "سبق استخدام هذا الرمز",
            [K.ErrorText("consumed")] = "اكتملت عملية تسجيل الدخول هذه بالفعل.",
            [K.ErrorTitle("challenge_not_found")] = "لم تعد عملية تسجيل الدخول هذه صالحة",
            [K.ErrorText("challenge_not_found")] = "استُبدلت بعملية تسجيل دخول أحدث أو انتهت. ابدأ تسجيل الدخول من جديد.",
            [K.ErrorTitle("invalid_link")] = "هذا الرابط غير صالح",
            [K.ErrorText("invalid_link")] = "رابط تسجيل الدخول تالف أو لم تُصدره هذه الخدمة. ابدأ تسجيل الدخول من جديد.",
            [K.ErrorTitle("bad_request")] = "تعذّرت قراءة النموذج",
            [K.ErrorText("bad_request")] = "ارجع وحاول مرة أخرى.",
            [K.ErrorTitle("csrf_failed")] = "انتهت صلاحية جلستك",
            [K.ErrorText("csrf_failed")] = "تعذّر التحقق من النموذج. افتح صفحة تسجيل الدخول مرة أخرى وأعد المحاولة.",
            [K.ErrorTitle("service_unavailable")] = "حدث خطأ ما",
            [K.ErrorText("service_unavailable")] = "الخدمة مشغولة. انتظر قليلًا ثم أعد تحميل الصفحة.",
            [K.LockedUntil] = "يمكنك المحاولة مرة أخرى بعد \u2066{time}\u2069.",
            [K.ContinueMultiOption] = "جرّب طريقة أخرى لتسجيل الدخول",
            [K.ContinueBack] = "العودة إلى {appName}",
        });
}
