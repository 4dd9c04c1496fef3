using System.Reflection;

namespace SmsOtp.Benchmarks.ColdStart;

/// <summary>A program the cold-start phase starts with <c>dotnet &lt;Dll&gt;</c> from its own folder.</summary>
public sealed record ColdTarget(string Label, ColdKind Kind, string Dll)
{
    /// <summary>The build outputs next to this benchmark's (same configuration), recorded at build time.</summary>
    public static string BuiltDll(string key) =>
        Path.GetFullPath(typeof(ColdTarget).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!);
}
