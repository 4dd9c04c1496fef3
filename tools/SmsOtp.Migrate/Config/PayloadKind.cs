namespace SmsOtp.Migrate.Config;

/// <summary>What a WSO2 payload is, by its Content-Type header, else by its shape (as the service decides too).</summary>
public enum PayloadKind
{
    None,
    Json,
    Form,
    Xml,
    Text,
}
