using SmsOtp.Benchmarks.Micro;
using SmsOtp.Benchmarks;

if (args.Length > 0 && args[0] == "--micro")
{
    MicroBenchmarks.Run(args[1..]);
    return 0;
}

BenchOptions options;
try
{
    options = BenchOptions.Parse(args);
}
catch (Exception e) when (e is ArgumentException or FormatException or OverflowException or UriFormatException)
{
    Console.Error.WriteLine(e.Message);
    Console.Error.WriteLine(BenchOptions.Usage);
    return 2;
}

if (options.Help)
{
    Console.WriteLine(BenchOptions.Usage);
    return 0;
}

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};
return options.Pumping
    ? await new SmsOtp.Benchmarks.Pumping.PumpingBenchmark(options).RunAsync(stop.Token)
    : options.Hosts
    ? await new SmsOtp.Benchmarks.Hosts.HostsBenchmark(options).RunAsync(stop.Token)
    : options.ColdStart
    ? await new SmsOtp.Benchmarks.ColdStart.ColdStartBenchmark(options).RunAsync(stop.Token)
    : options.Soak
    ? await new SmsOtp.Benchmarks.Soak.SoakBenchmark(options).RunAsync(stop.Token)
    : await new LoadBenchmark(options).RunAsync(stop.Token);
