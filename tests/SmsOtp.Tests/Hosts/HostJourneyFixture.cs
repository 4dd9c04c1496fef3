using SmsOtp.Testing.Hosts;

namespace SmsOtp.Tests.Hosts;

/// <summary>
/// One running service per host kind for the journeys (started on first use, stopped after the class). The
/// Functions host is started only where one is available (<see cref="FunctionsHostCommand.Find"/>).
/// </summary>
public sealed class HostJourneyFixture : IAsyncLifetime
{
    private readonly Dictionary<HostKind, Lazy<Task<ServiceUnderTest>>> _services = Enum.GetValues<HostKind>()
        .ToDictionary(k => k, k => new Lazy<Task<ServiceUnderTest>>(() => ServiceUnderTest.StartAsync(k)));

    /// <summary>Why the Functions host's journeys are not generated here, or null when they are.</summary>
    public static string? FunctionsHostUnavailable { get; } = FunctionsHostCommand.Find(ServiceUnderTest.FunctionsAppOutput, 0).Command is null
        ? FunctionsHostCommand.Find(ServiceUnderTest.FunctionsAppOutput, 0).Reason
        : null;

    /// <summary>The host kinds of this machine: the local server always, the Functions host where available.</summary>
    public static TheoryData<HostKind> Hosts
    {
        get
        {
            var data = new TheoryData<HostKind> { HostKind.LocalServer };
            if (FunctionsHostUnavailable is null)
            {
                data.Add(HostKind.FunctionsHost);
            }

            return data;
        }
    }

    public Task<ServiceUnderTest> GetAsync(HostKind kind) => _services[kind].Value;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var service in _services.Values.Where(s => s.IsValueCreated))
        {
            try
            {
                await (await service.Value).DisposeAsync();
            }
            catch (InvalidOperationException)
            {
                // It never started; its test already failed with the reason.
            }
        }
    }
}
