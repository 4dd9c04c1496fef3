using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace SmsOtp.Infra.Tests;

/// <summary>The Bicep CLI from the NuGet package lints and builds the templates offline.</summary>
[Collection(InfraCollection.Name)]
public sealed class BicepToolingTests(InfraFixture infra, ITestOutputHelper output)
{
    /// <summary>Linter rules that depend on today's date: warnings by design, never errors.</summary>
    private static readonly string[] DateBasedRules = ["use-recent-api-versions", "use-recent-az-powershell-version"];

    /// <summary>Security and correctness rules that bicepconfig.json must raise to error.</summary>
    private static readonly string[] ErrorRules =
    [
        "adminusername-should-not-be-literal",
        "artifacts-parameters",
        "no-hardcoded-env-urls",
        "no-hardcoded-location",
        "no-loc-expr-outside-params",
        "no-unused-params",
        "no-unused-vars",
        "no-unused-existing-resources",
        "outputs-should-not-contain-secrets",
        "protect-commandtoexecute-secrets",
        "secure-parameter-default",
        "secure-params-in-nested-deploy",
        "secure-secrets-in-params",
        "use-resource-symbol-reference",
        "use-secure-value-for-secure-inputs",
        "use-stable-resource-identifiers",
        "what-if-short-circuiting",
    ];

    [Fact]
    public void BicepCli_FromNuGetPackage_RunsOffline()
    {
        output.WriteLine($"bicep: {infra.Bicep.ExecutablePath}");
        output.WriteLine(infra.Version.StandardOutput);
        Assert.True(infra.Version.ExitCode == 0, infra.Version.Describe());
        Assert.Contains("Bicep CLI version", infra.Version.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public void Lint_MainBicep_IsClean()
    {
        PrintDiagnostics(infra.Lint);
        Assert.Empty(infra.Lint.Errors);
        Assert.True(infra.Lint.ExitCode == 0, infra.Lint.Describe());

        // Clean means no warnings either, but for the rules that age with the calendar.
        Assert.DoesNotContain(infra.Lint.Warnings, d => !DateBasedRules.Contains(d.Code));
    }

    [Fact]
    public void Build_MainBicep_IsClean()
    {
        PrintDiagnostics(infra.Build);
        Assert.True(infra.Build.ExitCode == 0, infra.Build.Describe());
        Assert.Empty(infra.Build.Errors);

        // Compiler warnings (BCPnnn: unknown type, missing required property, ...) mean a broken deployment.
        Assert.DoesNotContain(infra.Build.Warnings, d => d.IsCompilerDiagnostic);
        Assert.NotNull(infra.Template.Root["resources"]);
    }

    [Fact]
    public void BuildParams_ExampleParametersFile_Compiles()
    {
        PrintDiagnostics(infra.BuildParams);
        Assert.True(infra.BuildParams.ExitCode == 0, infra.BuildParams.Describe());
        Assert.Empty(infra.BuildParams.Errors);

        var parameters = JsonNode.Parse(File.ReadAllText(infra.ParametersPath))!;
        Assert.Equal("smsotp", parameters.At("parameters.environmentName.value")?.GetValue<string>());
        Assert.Equal("twilio", parameters.At("parameters.extraAppSettings.value.SmsOtp__Providers__0__Preset")?.GetValue<string>());
    }

    [Fact]
    public void Snapshot_ExampleDefaultAndCustomParameters_EvaluateWithoutDiagnostics()
    {
        foreach (var run in new[] { infra.ExampleSnapshotRun, infra.DefaultsSnapshotRun, infra.CustomSnapshotRun })
        {
            PrintDiagnostics(run);
            Assert.True(run.ExitCode == 0, run.Describe());
        }

        Assert.Empty(infra.ExampleSnapshot.Root["diagnostics"]?.AsArray() ?? []);
        Assert.Empty(infra.DefaultsSnapshot.Root["diagnostics"]?.AsArray() ?? []);
        Assert.Empty(infra.CustomSnapshot.Root["diagnostics"]?.AsArray() ?? []);
    }

    [Fact]
    public void Templates_UseNoRegistryModules()
    {
        // br:/br/public: and ts: modules need a registry at build time; the template must build offline.
        var registryModule = new Regex(@"^\s*module\s+\S+\s+'(br|ts)[:/]", RegexOptions.Multiline);
        foreach (var file in Directory.EnumerateFiles(RepositoryLayout.Infra, "*.bicep", SearchOption.AllDirectories))
        {
            Assert.False(registryModule.IsMatch(File.ReadAllText(file)), $"{file} references a registry module.");
        }
    }

    [Fact]
    public void BicepConfig_RaisesSecurityAndCorrectnessRulesToError()
    {
        var config = JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryLayout.Infra, "bicepconfig.json")))!;
        Assert.True(config.BoolAt("analyzers.core.enabled"), "The linter must be on.");

        foreach (var rule in ErrorRules)
        {
            Assert.True(
                config.At($"analyzers.core.rules.{rule}.level")?.GetValue<string>() == "error",
                $"bicepconfig.json: rule {rule} must be at level error.");
        }

        foreach (var rule in DateBasedRules)
        {
            Assert.True(
                config.At($"analyzers.core.rules.{rule}.level")?.GetValue<string>() == "warning",
                $"bicepconfig.json: date-based rule {rule} must stay a warning (it would break the build as time passes).");
        }
    }

    private void PrintDiagnostics(BicepRun run)
    {
        output.WriteLine($"$ {run.CommandLine} -> exit code {run.ExitCode}");
        foreach (var diagnostic in run.Diagnostics)
        {
            output.WriteLine(diagnostic.ToString());
        }

        if (run.ExitCode != 0)
        {
            output.WriteLine(run.Describe());
        }
    }
}
