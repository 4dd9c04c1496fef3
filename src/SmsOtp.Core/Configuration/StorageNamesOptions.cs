namespace SmsOtp.Core.Configuration;

/// <summary><c>SmsOtp:Storage</c>: table and queue names (the queue name must match the queue trigger's).</summary>
public sealed class StorageNamesOptions
{
    public const string DefaultDeliveryQueue = "sms-delivery";

    public string UsersTable { get; set; } = "users";
    public string DeliveryQueue { get; set; } = DefaultDeliveryQueue;
}
