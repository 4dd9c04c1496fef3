namespace SmsOtp.Migrate.Config;

public enum Wso2ParameterKind
{
    Boolean,
    Integer,

    /// <summary>Read by the account-lock mapping (several WSO2 keys make one service setting).</summary>
    AccountLock,

    /// <summary>No counterpart; listed on stderr with <see cref="Wso2Parameter.Reason"/>.</summary>
    Unmapped,
}
