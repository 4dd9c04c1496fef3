using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace SmsOtp.Benchmarks.Micro;

/// <summary>
/// Entry for <c>--micro</c>: BenchmarkDotNet over the hot pure code. With no further arguments every
/// benchmark runs in-process with a short job (a couple of minutes on 2 cores); any BenchmarkDotNet
/// arguments (<c>--filter *Hasher*</c>, <c>--job medium</c>...) are passed through.
/// </summary>
public static class MicroBenchmarks
{
    public static void Run(string[] args)
    {
        var config = DefaultConfig.Instance
            .AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance))
            .WithOptions(ConfigOptions.DisableOptimizationsValidator);
        var switcher = BenchmarkSwitcher.FromTypes([typeof(CodeBenchmarks), typeof(TemplateBenchmarks), typeof(PhoneBenchmarks), typeof(HotPathBenchmarks)]);
        switcher.Run(args.Length == 0 ? ["--filter", "*"] : args, config);
    }
}
