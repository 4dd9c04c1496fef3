using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using SmsOtp.Core.Security;

namespace SmsOtp.Benchmarks.Micro;

/// <summary>Code generation and the keyed hash with its constant-time compare (each send and verify does these once).</summary>
[MemoryDiagnoser]
public class CodeBenchmarks
{
    private const string Context = "sms|AAECAwQFBgcICQoLDA0ODw|EBESExQVFhcYGRobHB0eHw|3";
    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);
    private string _hash = "";

    [GlobalSetup]
    public void Setup() => _hash = CodeHasher.Hash(_key, Context, "123456");

    [Benchmark]
    public string GenerateNumeric6() => CodeGenerator.Generate(6, alphanumeric: false);

    [Benchmark]
    public string GenerateAlphanumeric10() => CodeGenerator.Generate(10, alphanumeric: true);

    [Benchmark]
    public string Hash() => CodeHasher.Hash(_key, Context, "123456");

    [Benchmark]
    public bool MatchesRight() => CodeHasher.Matches(_key, Context, "123456", _hash);

    [Benchmark]
    public bool MatchesWrong() => CodeHasher.Matches(_key, Context, "654321", _hash);
}
