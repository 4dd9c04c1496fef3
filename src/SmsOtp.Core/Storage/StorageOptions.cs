using System.ComponentModel.DataAnnotations;

namespace SmsOtp.Core.Storage;

/// <summary>
/// <c>SmsOtp:Storage</c>: table and queue names (the users table, the fraud guard's table, the delivery queue) (the queue trigger binds the same setting) and the deadline
/// of every storage call: a storage that does not answer within it is an outage (503), never a hang.
/// </summary>
public sealed class StorageOptions : IValidatedOptions
{
    public const string SectionName = Common.SectionNames.Root + ":Storage";
    public const string DefaultDeliveryQueue = "sms-delivery";

    public string UsersTable { get; set; } = "users";

    /// <summary>The fraud guard's shared counts (spec §9): a table of its own, never read or written by a request.</summary>
    public string FraudGuardTable { get; set; } = "fraudguard";
    public string DeliveryQueue { get; set; } = DefaultDeliveryQueue;

    /// <summary>Where Event Grid puts ACS delivery reports (spec §14); only Event Grid's identity may write to it.</summary>
    public string ReceiptQueue { get; set; } = "sms-receipts";

    /// <summary>The longest any one storage operation may take, the SDK's retries included.</summary>
    [Range(1, 60)]
    public int TimeoutSeconds { get; set; } = 5;

    public string PoisonQueue => DeliveryQueue + "-poison";

    public TimeSpan Timeout => TimeSpan.FromSeconds(TimeoutSeconds);

    public void Validate(OptionsErrors errors)
    {
        if (!IsStorageName(UsersTable, table: true))
        {
            errors.Add($"{errors.Prefix}{nameof(UsersTable)} '{UsersTable}' is not a valid table name.");
        }

        if (!IsStorageName(FraudGuardTable, table: true) || string.Equals(FraudGuardTable, UsersTable, StringComparison.OrdinalIgnoreCase))
        {
            errors.Add($"{errors.Prefix}{nameof(FraudGuardTable)} '{FraudGuardTable}' is not a valid table name, or is the users table.");
        }

        if (!IsStorageName(DeliveryQueue, table: false))
        {
            errors.Add($"{errors.Prefix}{nameof(DeliveryQueue)} '{DeliveryQueue}' is not a valid queue name.");
        }

        if (!IsStorageName(ReceiptQueue, table: false) || string.Equals(ReceiptQueue, DeliveryQueue, StringComparison.Ordinal))
        {
            errors.Add($"{errors.Prefix}{nameof(ReceiptQueue)} '{ReceiptQueue}' is not a valid queue name, or is the delivery queue.");
        }
    }

    private static bool IsStorageName(string? value, bool table) =>
        !string.IsNullOrEmpty(value) && value.Length is >= 3 and <= 63 && (table
            ? char.IsAsciiLetter(value[0]) && value.All(char.IsAsciiLetterOrDigit)
            : value.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-')
              && value[0] != '-' && value[^1] != '-' && !value.Contains("--", StringComparison.Ordinal));
}
