namespace SmsOtp.Migrate.Config;

/// <summary>
/// A secret the operator must put into Key Vault (or locally into <c>SmsOtp:Secrets:&lt;name&gt;</c>): its
/// name and where in the WSO2 set-up its value is. The value itself is never read into the output.
/// </summary>
public sealed record SecretRequirement(string Name, string FoundIn);
