using SmsOtp.LocalServer;

namespace SmsOtp.Testing;

/// <summary>
/// One Azurite for the whole test run (started on first use, on free ports, killed at exit). Tests
/// isolate themselves with their own table and queue names, so they can run in parallel.
/// </summary>
public static class SharedAzurite
{
    private static readonly Lazy<Task<AzuriteProcess>> Instance = new(StartAsync);

    public static async Task<string> ConnectionStringAsync() => (await Instance.Value.ConfigureAwait(false)).ConnectionString;

    private static async Task<AzuriteProcess> StartAsync()
    {
        var azurite = await AzuriteProcess.StartAsync().ConfigureAwait(false);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => azurite.DisposeAsync().AsTask().GetAwaiter().GetResult();
        return azurite;
    }
}
