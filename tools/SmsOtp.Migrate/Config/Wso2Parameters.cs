namespace SmsOtp.Migrate.Config;

/// <summary>
/// The SMSOTP connector's parameters (WSO2 Identity Server docs "SMS OTP Configurations" and the
/// connector's <c>SMSOTPConstants</c>) and what each becomes here (spec §5). Names match case-insensitively:
/// WSO2's own documentation spells some of them both ways (<c>MaximumResendAttempts</c>/<c>maximumResendAttempts</c>).
/// </summary>
public static class Wso2Parameters
{
    private const string Pages = "WSO2's JSP page; the service serves its own hosted pages (SmsOtp:Pages, used when the app sends a returnUrl) or the app builds its screens on the API";
    private const string UserLookup = "how WSO2 finds the user in its user stores; here the app passes the user id and the service's profiles are the user store (import them with the users command)";
    private const string Screen = "the masked number shown on WSO2's page; the service always returns maskedMobile (a leading + and the last 4 digits)";
    private const string Errors = "error display on WSO2's pages; the service answers every failure with a problem code (code, status)";

    public static IReadOnlyList<Wso2Parameter> All { get; } =
    [
        new("RetryEnable", "RetryEnable", Wso2ParameterKind.Boolean),
        new("ResendEnable", "ResendEnable", Wso2ParameterKind.Boolean),
        new("BackupCode", "BackupCode", Wso2ParameterKind.Boolean),
        new("SMSOTPEnableByUserClaim", "EnableByUserClaim", Wso2ParameterKind.Boolean),
        new("SMSOTPMandatory", "Mandatory", Wso2ParameterKind.Boolean),
        new("CaptureAndUpdateMobileNumber", "CaptureAndUpdateMobileNumber", Wso2ParameterKind.Boolean),
        new("SendOTPDirectlyToMobile", "SendOtpDirectlyToMobile", Wso2ParameterKind.Boolean),
        new("redirectToMultiOptionPageOnFailure", "RedirectToMultiOptionPageOnFailure", Wso2ParameterKind.Boolean),
        new("EnableAlphanumericToken", "AlphanumericToken", Wso2ParameterKind.Boolean),
        new("TokenLength", "TokenLength", Wso2ParameterKind.Integer, 4, 10),
        // WSO2: "The value provided for the parameter is considered as seconds."
        new("TokenExpiryTime", "TokenExpirySeconds", Wso2ParameterKind.Integer, 30, 86_400),
        new("MaximumResendAttempts", "MaximumResendAttempts", Wso2ParameterKind.Integer, 0, 100),
        // Seconds, as WSO2's OTP services read it (value * 1000 ms).
        new("resendThrottleInterval", "ResendCooldownSeconds", Wso2ParameterKind.Integer, 0, 86_400),
        new("EnableAccountLockingForFailedAttempts", "AccountLock:Enabled", Wso2ParameterKind.AccountLock),
        new("account.lock.handler.enable", "AccountLock:Enabled", Wso2ParameterKind.AccountLock),
        new("account.lock.handler.On.Failure.Max.Attempts", "AccountLock:MaxFailedAttempts", Wso2ParameterKind.AccountLock),
        new("account.lock.handler.Time", "AccountLock:DurationSeconds", Wso2ParameterKind.AccountLock),
        new("account.lock.handler.login.fail.timeout.ratio", "AccountLock:DurationRatio", Wso2ParameterKind.AccountLock),
        new("SMSOTPAuthenticationEndpointURL", null, Wso2ParameterKind.Unmapped, Reason: Pages),
        new("SMSOTPAuthenticationEndpointErrorPage", null, Wso2ParameterKind.Unmapped, Reason: Pages),
        new("MobileNumberRegPage", null, Wso2ParameterKind.Unmapped, Reason: Pages),
        new("usecase", null, Wso2ParameterKind.Unmapped, Reason: UserLookup),
        new("secondaryUserstore", null, Wso2ParameterKind.Unmapped, Reason: UserLookup),
        new("userAttribute", null, Wso2ParameterKind.Unmapped, Reason: UserLookup),
        new("SendOtpToFederatedMobile", null, Wso2ParameterKind.Unmapped, Reason: UserLookup + "; a federated user's number can be given with POST /api/otp/mobile in direct mode"),
        new("federatedMobileAttributeKey", null, Wso2ParameterKind.Unmapped, Reason: UserLookup),
        new("screenUserAttribute", null, Wso2ParameterKind.Unmapped, Reason: Screen),
        new("noOfDigits", null, Wso2ParameterKind.Unmapped, Reason: Screen),
        new("order", null, Wso2ParameterKind.Unmapped, Reason: Screen),
        new("UseInternalErrorCodes", null, Wso2ParameterKind.Unmapped, Reason: Errors),
        new("showAuthFailureReason", null, Wso2ParameterKind.Unmapped, Reason: Errors + "; a locked account answers account_locked with lockedUntil"),
        new("enable_payload_encoding_for_sms_otp", null, Wso2ParameterKind.Unmapped,
            Reason: "always on here: every value is escaped for where it lands (URL, JSON, form or XML payload)"),
        new("OTPBackupCodes.UseIdentityClaims", null, Wso2ParameterKind.Unmapped,
            Reason: "backup codes are kept in the identity claim http://wso2.org/claims/identity/otpbackupcodes; give the users command --backup-codes-attr with that claim's SCIM attribute"),
    ];

    public static Wso2Parameter? Find(string name) =>
        All.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));
}
