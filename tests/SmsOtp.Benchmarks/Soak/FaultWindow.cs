namespace SmsOtp.Benchmarks.Soak;

/// <summary>
/// One window of the soak's fault schedule, from <see cref="Start"/> (since the schedule began) for
/// <see cref="Duration"/>: a provider fault or a storage fault (through <c>StorageFaultProxy</c>), never both.
/// </summary>
/// <param name="ByDesign">The labelled sub-phase whose duplicates the service allows by design (answers beyond the provider timeout).</param>
public sealed record FaultWindow(int Pass, TimeSpan Start, TimeSpan Duration, string Label, ProviderFault? Provider, SmsOtp.Testing.StorageFault? Storage, bool ByDesign = false)
{
    public TimeSpan End => Start + Duration;

    public bool Contains(TimeSpan at) => at >= Start && at < End;
}
