using Tomlyn;
using Tomlyn.Model;

namespace SmsOtp.Migrate.Config;

/// <summary>
/// Converts the SMSOTP part of WSO2's <c>deployment.toml</c>: <c>[authentication.authenticator.sms_otp]</c>
/// and its <c>.parameters</c> table, plus the account lock of <c>[identity_mgt.account_locking]</c> (or the
/// governance connector's <c>account.lock.handler.*</c> keys). Only keys present are emitted: the service's
/// defaults are WSO2's documented defaults (spec §5).
/// </summary>
public static class DeploymentTomlConverter
{
    private const string Section = "[authentication.authenticator.sms_otp.parameters]";

    public static void Convert(string toml, string fileName, ConversionResult result)
    {
        TomlTable root;
        try
        {
            root = TomlSerializer.Deserialize<TomlTable>(toml) ?? new TomlTable();
        }
        catch (TomlException e)
        {
            throw new MigrationInputException($"{fileName} is not valid TOML: {e.Message}", e);
        }

        var authenticator = TomlValues.Table(root, "authentication", "authenticator", "sms_otp");
        if (authenticator is null)
        {
            result.Warn(fileName, $"no [authentication.authenticator.sms_otp] table: WSO2's defaults apply, which are the service's defaults");
        }
        else if (authenticator.TryGetValue("enable", out var enable) && !TomlValues.Bool(enable).Value)
        {
            result.Warn("enable", "the SMSOTP authenticator is disabled in this deployment.toml; the settings below describe it anyway");
        }

        var parameters = authenticator is not null && authenticator.TryGetValue("parameters", out var p) && p is TomlTable t
            ? TomlValues.Flatten(t)
            : new Dictionary<string, object>(StringComparer.OrdinalIgnoreCase);

        var lockValues = new Dictionary<string, (string Source, object Value)>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in parameters)
        {
            var parameter = Wso2Parameters.Find(key);
            switch (parameter?.Kind)
            {
                case Wso2ParameterKind.Boolean:
                    Boolean(parameter, key, value, result);
                    break;
                case Wso2ParameterKind.Integer:
                    Integer(parameter, key, value, result);
                    break;
                case Wso2ParameterKind.AccountLock:
                    lockValues[parameter.Name] = (key, value);
                    break;
                case Wso2ParameterKind.Unmapped:
                    result.Unmapped(key, parameter.Reason!);
                    break;
                default:
                    result.Unmapped(key, $"not a parameter of the SMSOTP connector this tool knows ({Section})");
                    break;
            }
        }

        // The governance connector's keys may sit anywhere (older files put them in their own tables).
        foreach (var (key, value) in TomlValues.Flatten(root))
        {
            var handler = Wso2Parameters.All.FirstOrDefault(x => x.Kind == Wso2ParameterKind.AccountLock && x.Name.StartsWith("account.", StringComparison.Ordinal)
                && key.EndsWith(x.Name, StringComparison.OrdinalIgnoreCase) && !parameters.ContainsKey(key));
            if (handler is not null && !key.StartsWith("authentication.authenticator.sms_otp.parameters.", StringComparison.OrdinalIgnoreCase))
            {
                lockValues[handler.Name] = (key, value);
            }
        }

        if (TomlValues.Table(root, "identity_mgt", "account_locking") is { } locking)
        {
            foreach (var (key, value) in TomlValues.Flatten(locking))
            {
                var name = key.ToLowerInvariant() switch
                {
                    "enable_account_locking" => "account.lock.handler.enable",
                    "allowed_failed_attempts" => "account.lock.handler.On.Failure.Max.Attempts",
                    "auto_unlock_after" => "account.lock.handler.Time",
                    "auto_unlock_time_increment_ratio" => "account.lock.handler.login.fail.timeout.ratio",
                    _ => null,
                };
                if (name is null)
                {
                    result.Unmapped("identity_mgt.account_locking." + key, "not an account-lock setting the SMS OTP lock uses");
                }
                else
                {
                    lockValues[name] = ("identity_mgt.account_locking." + key, value);
                }
            }
        }

        AccountLock(lockValues, result);

        if (!parameters.ContainsKey("TokenExpiryTime"))
        {
            result.Info("TokenExpiryTime", "not set: WSO2's connector has no default lifetime; the service uses TokenExpirySeconds 300");
        }
    }

    private static void Boolean(Wso2Parameter parameter, string key, object value, ConversionResult result)
    {
        var (b, clear) = TomlValues.Bool(value);
        if (!clear)
        {
            result.Warn(key, $"'{TomlValues.Text(value)}' is not true or false; WSO2 reads it as false, and so does this conversion");
        }

        result.Settings.Set(parameter.Target!, b);
    }

    private static void Integer(Wso2Parameter parameter, string key, object value, ConversionResult result)
    {
        if (TomlValues.Integer(value) is not { } n)
        {
            result.Warn(key, $"'{TomlValues.Text(value)}' is not a whole number (WSO2 would fail on it); {parameter.Target} left at the service's default");
            return;
        }

        var clamped = Math.Clamp(n, parameter.Min, parameter.Max);
        if (clamped != n)
        {
            result.Warn(key, $"{n} is outside the service's range {parameter.Min}-{parameter.Max} for {parameter.Target}; set to {clamped}");
        }

        result.Settings.Set(parameter.Target!, (int)clamped);
    }

    /// <summary>
    /// WSO2 locks on SMS OTP failures only when the connector's <c>EnableAccountLockingForFailedAttempts</c>
    /// and the account lock handler are both on; lock times are minutes there, seconds here.
    /// </summary>
    private static void AccountLock(Dictionary<string, (string Source, object Value)> values, ConversionResult result)
    {
        var connector = values.TryGetValue("EnableAccountLockingForFailedAttempts", out var c) ? (bool?)TomlValues.Bool(c.Value).Value : null;
        var handler = values.TryGetValue("account.lock.handler.enable", out var h) ? (bool?)TomlValues.Bool(h.Value).Value : null;
        if (connector is not null || handler is not null)
        {
            var enabled = (connector ?? true) && (handler ?? true);
            result.Settings.Set("AccountLock:Enabled", enabled);
            if (enabled && (connector is null || handler is null))
            {
                result.Info(connector is null ? h.Source : c.Source,
                    "WSO2 locks on SMS OTP failures only when both EnableAccountLockingForFailedAttempts and the account lock handler (enable_account_locking) are on; only one of them is set here");
            }
        }
        else
        {
            result.Info("EnableAccountLockingForFailedAttempts",
                "not set: WSO2 does not lock accounts on SMS OTP failures without it; the service locks by default (AccountLock:Enabled true). Set AccountLock:Enabled false to match WSO2 exactly");
        }

        if (values.TryGetValue("account.lock.handler.On.Failure.Max.Attempts", out var max))
        {
            if (TomlValues.Integer(max.Value) is { } n and > 0)
            {
                result.Settings.Set("AccountLock:MaxFailedAttempts", (int)Math.Min(n, 1000));
            }
            else
            {
                result.Warn(max.Source, $"'{TomlValues.Text(max.Value)}' is not a positive whole number; AccountLock:MaxFailedAttempts left at the default");
            }
        }

        if (values.TryGetValue("account.lock.handler.Time", out var time))
        {
            if (TomlValues.Integer(time.Value) is { } minutes and >= 0)
            {
                if (minutes == 0)
                {
                    result.Warn(time.Source, "0 means an administrator must unlock in WSO2; the service always unlocks after a while, so AccountLock:DurationSeconds is set to its maximum (365 days; POST /api/users/unlock unlocks earlier)");
                }

                result.Settings.Set("AccountLock:DurationSeconds", (int)Math.Clamp(minutes == 0 ? 525_600 * 60L : minutes * 60, 1, 31_536_000));
            }
            else
            {
                result.Warn(time.Source, $"'{TomlValues.Text(time.Value)}' is not a whole number of minutes; AccountLock:DurationSeconds left at the default");
            }
        }

        if (values.TryGetValue("account.lock.handler.login.fail.timeout.ratio", out var ratio))
        {
            if (TomlValues.Number(ratio.Value) is { } r and > 0)
            {
                if (r < 1)
                {
                    result.Warn(ratio.Source, $"{r} would shorten each further lock; the service needs a ratio of at least 1, so 1 is set");
                }

                result.Settings.Set("AccountLock:DurationRatio", Math.Clamp(r, 1, 100));
            }
            else
            {
                result.Warn(ratio.Source, $"'{TomlValues.Text(ratio.Value)}' is not a positive number; WSO2 uses 1, and so does this conversion");
                result.Settings.Set("AccountLock:DurationRatio", 1d);
            }
        }
    }
}
