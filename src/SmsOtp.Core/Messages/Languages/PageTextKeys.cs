namespace SmsOtp.Core.Messages.Languages;

/// <summary>
/// Stable keys of every user-visible string of the hosted pages (the three pages, their errors and the
/// script's one sentence). Placeholders are noted per key; the caller HTML-encodes the text first and then
/// fills the placeholders with already encoded values or markup (<see cref="PageTexts.Fill"/>).
/// </summary>
public static class PageTextKeys
{
    /// <summary>The heading when <c>Pages:AppName</c> is left at its default ("Sign-in verification").</summary>
    public const string AppName = "app.name";

    // ---- Code page ----
    public const string CodeTitle = "code.title";

    /// <summary>Placeholders <c>{length}</c> and <c>{mobile}</c> (the masked number; wrap it in <c>&lt;bdi&gt;</c> for right-to-left pages).</summary>
    public const string CodeSentDigits = "code.sent.digits";

    /// <summary>Placeholders <c>{length}</c> and <c>{mobile}</c>; for alphanumeric codes.</summary>
    public const string CodeSentCharacters = "code.sent.characters";

    public const string CodeLabel = "code.label";

    /// <summary>Placeholder <c>{count}</c>. Worded as a label so no language needs plural forms.</summary>
    public const string CodeAttempts = "code.attempts";

    public const string CodeSubmit = "code.submit";

    /// <summary>Placeholder <c>{seconds}</c> (the script counts it down in place, so the unit is plural-neutral).</summary>
    public const string ResendWait = "code.resend.wait";

    /// <summary>Also the sentence the script shows when the countdown ends (pass it to the script, e.g. in a data attribute).</summary>
    public const string ResendNow = "code.resend.now";

    public const string ResendButton = "code.resend.button";
    public const string BackupToggle = "code.backup.toggle";
    public const string BackupLabel = "code.backup.label";
    public const string BackupSubmit = "code.backup.submit";
    public const string NoticeCodeSent = "code.notice.sent";
    public const string ErrorCodeEmpty = "code.error.empty";
    public const string ErrorCodeWrong = "code.error.wrong";

    /// <summary>Placeholder <c>{seconds}</c>.</summary>
    public const string ErrorResendTooSoon = "code.error.resendTooSoon";

    public const string ErrorResendLimit = "code.error.resendLimit";
    public const string ErrorResendDisabled = "code.error.resendDisabled";

    // ---- Mobile page ----
    public const string MobileTitleCapture = "mobile.title.capture";
    public const string MobileTitleDirect = "mobile.title.direct";
    public const string MobileIntroCapture = "mobile.intro.capture";
    public const string MobileIntroDirect = "mobile.intro.direct";
    public const string MobileLabel = "mobile.label";
    public const string MobileHint = "mobile.hint";
    public const string MobileSubmit = "mobile.submit";
    public const string ErrorMobileEmpty = "mobile.error.empty";

    /// <summary>For <c>invalid_mobile</c>: one sentence for every parse failure (the API's details stay English).</summary>
    public const string ErrorMobileInvalid = "mobile.error.invalid";

    /// <summary>For <c>country_not_allowed</c>; placeholder <c>{countryCode}</c> (digits, without +).</summary>
    public const string ErrorCountryNotAllowed = "mobile.error.countryNotAllowed";

    /// <summary>For <c>number_type_not_allowed</c> (§9).</summary>
    public const string ErrorNumberTypeNotAllowed = "mobile.error.numberTypeNotAllowed";

    /// <summary>For <c>rate_limited</c>.</summary>
    public const string ErrorRateLimited = "mobile.error.rateLimited";

    /// <summary>For <c>destination_suspended</c> (§9).</summary>
    public const string ErrorDestinationSuspended = "mobile.error.destinationSuspended";

    // ---- Error page: error.<status>.title / error.<status>.text ----

    /// <summary>The statuses the error page shows, each with a <c>.title</c> and a <c>.text</c> key.</summary>
    public static IReadOnlyList<string> ErrorStatuses { get; } =
    [
        "expired", "attempts_exhausted", "locked", "delivery_failed", "consumed", "challenge_not_found",
        "invalid_link", "bad_request", "csrf_failed", "service_unavailable",
    ];

    /// <summary>Follows the locked text; placeholder <c>{time}</c> (<see cref="PageTexts.FormatTime"/>).</summary>
    public const string LockedUntil = "error.locked.until";

    public const string ContinueMultiOption = "error.continue.multiOption";

    /// <summary>Placeholder <c>{appName}</c>.</summary>
    public const string ContinueBack = "error.continue.back";

    public static string ErrorTitle(string status) => "error." + status + ".title";

    public static string ErrorText(string status) => "error." + status + ".text";

    /// <summary>Every key, in catalog order.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        AppName,
        CodeTitle, CodeSentDigits, CodeSentCharacters, CodeLabel, CodeAttempts, CodeSubmit, ResendWait, ResendNow, ResendButton,
        BackupToggle, BackupLabel, BackupSubmit, NoticeCodeSent, ErrorCodeEmpty, ErrorCodeWrong, ErrorResendTooSoon,
        ErrorResendLimit, ErrorResendDisabled,
        MobileTitleCapture, MobileTitleDirect, MobileIntroCapture, MobileIntroDirect, MobileLabel, MobileHint, MobileSubmit,
        ErrorMobileEmpty, ErrorMobileInvalid, ErrorCountryNotAllowed, ErrorNumberTypeNotAllowed, ErrorRateLimited, ErrorDestinationSuspended,
        .. ErrorStatuses.SelectMany(s => new[] { ErrorTitle(s), ErrorText(s) }),
        LockedUntil, ContinueMultiOption, ContinueBack,
    ];
}
