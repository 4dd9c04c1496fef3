namespace SmsOtp.Testing;

/// <summary>Unique, valid table and queue names per test so tests share one Azurite safely.</summary>
public static class TestNames
{
    public static (string Table, string Queue) Next()
    {
        var id = Guid.NewGuid().ToString("N")[..12];
        return ("users" + id, "sms-" + id);
    }
}
