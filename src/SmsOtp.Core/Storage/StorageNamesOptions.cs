using SmsOtp.Core.Common;

namespace SmsOtp.Core.Storage;

/// <summary><c>SmsOtp:Storage</c>: table and queue names (the queue trigger binds the same setting).</summary>
public sealed class StorageNamesOptions : IValidatedOptions
{
    public const string SectionName = Common.SectionNames.Root + ":Storage";
    public const string DefaultDeliveryQueue = "sms-delivery";

    public string UsersTable { get; set; } = "users";
    public string DeliveryQueue { get; set; } = DefaultDeliveryQueue;

    public string PoisonQueue => DeliveryQueue + "-poison";

    public void Validate(OptionsErrors errors)
    {
        if (!IsStorageName(UsersTable, table: true))
        {
            errors.Add($"{errors.Prefix}{nameof(UsersTable)} '{UsersTable}' is not a valid table name.");
        }

        if (!IsStorageName(DeliveryQueue, table: false))
        {
            errors.Add($"{errors.Prefix}{nameof(DeliveryQueue)} '{DeliveryQueue}' is not a valid queue name.");
        }
    }

    private static bool IsStorageName(string? value, bool table) =>
        !string.IsNullOrEmpty(value) && value.Length is >= 3 and <= 63 && (table
            ? char.IsAsciiLetter(value[0]) && value.All(char.IsAsciiLetterOrDigit)
            : value.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-')
              && value[0] != '-' && value[^1] != '-' && !value.Contains("--", StringComparison.Ordinal));
}
