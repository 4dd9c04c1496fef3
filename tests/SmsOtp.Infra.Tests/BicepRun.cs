namespace SmsOtp.Infra.Tests;

/// <summary>The result of one Bicep CLI invocation.</summary>
public sealed record BicepRun(string CommandLine, int ExitCode, string StandardOutput, string StandardError)
{
    public IReadOnlyList<BicepDiagnostic> Diagnostics => BicepDiagnostic.Parse(StandardError + "\n" + StandardOutput);

    public IEnumerable<BicepDiagnostic> Errors => Diagnostics.Where(d => d.IsError);

    public IEnumerable<BicepDiagnostic> Warnings => Diagnostics.Where(d => d.IsWarning);

    public string Describe() =>
        $"$ {CommandLine}\nexit code {ExitCode}\n--- stdout ---\n{StandardOutput}\n--- stderr ---\n{StandardError}";
}
