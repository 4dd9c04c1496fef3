using SmsOtp.LocalServer;

namespace SmsOtp.Browser.Tests.Infrastructure;

/// <summary>One Azurite for the whole test run (as in SmsOtp.Tests); tests isolate by table and queue names.</summary>
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
