namespace SmsOtp.Testing;

/// <summary>
/// The one settings block every service a test starts begins with (the in-process harness and the local server
/// alike): the shared Azurite, and a users table, fraud guard table and delivery queue of the test's own.
/// </summary>
public sealed record TestSettings(string Table, string Queue, Dictionary<string, string?> Values)
{
    /// <summary>The common block, then <paramref name="hostDefaults"/> (what one kind of host adds), then the test's own <paramref name="settings"/>.</summary>
    public static async Task<TestSettings> CreateAsync(IDictionary<string, string?>? settings, IDictionary<string, string?>? hostDefaults = null)
    {
        var (table, queue) = TestNames.Next();
        var values = new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = await SharedAzurite.ConnectionStringAsync(),
            ["SmsOtp:Storage:UsersTable"] = table,
            ["SmsOtp:Storage:FraudGuardTable"] = table.Replace("users", "fraudguard", StringComparison.Ordinal), // the fraud guard's shared counts, per test like the users table
            ["SmsOtp:Storage:DeliveryQueue"] = queue,
        };
        foreach (var (k, v) in (hostDefaults ?? new Dictionary<string, string?>()).Concat(settings ?? new Dictionary<string, string?>()))
        {
            values[k] = v;
        }

        return new TestSettings(table, queue, values);
    }
}
