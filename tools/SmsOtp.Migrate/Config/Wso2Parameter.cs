namespace SmsOtp.Migrate.Config;

/// <summary>
/// One parameter of WSO2's SMSOTP connector (<c>[authentication.authenticator.sms_otp.parameters]</c>): the
/// service key it becomes (null when it has none), its kind and range, or why it has no counterpart.
/// </summary>
public sealed record Wso2Parameter(string Name, string? Target, Wso2ParameterKind Kind, long Min = 0, long Max = 0, string? Reason = null);
