namespace SmsOtp.Infra.Tests;

/// <summary>
/// Runs the Bicep CLI once for all tests, on a copy of infra/ in a temporary folder (nothing is written
/// into the repository): lint, build, build-params, and three offline snapshots (the example parameters
/// file, a file that keeps every policy parameter at its default, and one that sets every monitoring and
/// scale parameter to a non-default value).
/// </summary>
public sealed class InfraFixture : IDisposable
{
    public const string SubscriptionId = "00000000-0000-0000-0000-0000000000a1";
    public const string TenantId = "00000000-0000-0000-0000-0000000000b2";
    public const string ResourceGroup = "rg-smsotp-test";
    public const string Location = "swedencentral";
    public const string DeployerPrincipalId = "11111111-2222-3333-4444-555555555555";

    /// <summary>Settings the test parameters file passes in extraAppSettings.</summary>
    public static readonly IReadOnlyDictionary<string, string> TestExtraAppSettings = new Dictionary<string, string>
    {
        ["SmsOtp__Providers__0__Preset"] = "twilio",
        ["SmsOtp__Providers__0__From"] = "+15005550006",
        // Attempts to override platform wiring: the template must drop these.
        ["AzureWebJobsStorage__credential"] = "connectionstring",
        ["AZURE_CLIENT_ID"] = "not-the-app-identity",
    };

    /// <summary>Monitoring and scale parameters of the custom snapshot: every one differs from its default.</summary>
    public static readonly IReadOnlyDictionary<string, int> CustomMonitoringParameters = new Dictionary<string, int>
    {
        ["alwaysReady"] = 3,
        ["deliveryFailurePercentThreshold"] = 35,
        ["deliveryFailureMinAttempts"] = 7,
        ["poisonMessageThreshold"] = 2,
        ["conversionPercentThreshold"] = 40,
        ["conversionMinSends"] = 30,
        ["serverErrorPercentThreshold"] = 9,
        ["serverErrorMinRequests"] = 50,
        ["fraudGuardSuspensionThreshold"] = 1,
    };

    /// <summary>The alertEmail of the custom snapshot (example.com: reserved, never delivered).</summary>
    public const string CustomAlertEmail = "oncall@example.com";

    private readonly Lazy<ArmTemplate> template;
    private readonly Lazy<DeploymentSnapshot> exampleSnapshot;
    private readonly Lazy<DeploymentSnapshot> defaultsSnapshot;
    private readonly Lazy<DeploymentSnapshot> customSnapshot;

    public InfraFixture()
    {
        Bicep = BicepCli.Locate();
        WorkDirectory = Directory.CreateTempSubdirectory("smsotp-infra-").FullName;
        InfraCopy = Path.Combine(WorkDirectory, "infra");
        CopyDirectory(RepositoryLayout.Infra, InfraCopy);
        File.WriteAllText(Path.Combine(InfraCopy, "spec-defaults.bicepparam"), SpecDefaultsParameters());
        File.WriteAllText(Path.Combine(InfraCopy, "monitoring-custom.bicepparam"), CustomMonitoringParametersFile());

        var templatePath = Path.Combine(WorkDirectory, "main.json");
        var parametersPath = Path.Combine(WorkDirectory, "main.parameters.json");
        string[] snapshotTarget =
        [
            "--subscription-id", SubscriptionId, "--tenant-id", TenantId,
            "--resource-group", ResourceGroup, "--location", Location,
        ];

        Version = Bicep.Run(InfraCopy, "--version");

        // Independent runs; two at a time keeps a 2-core machine busy without thrashing.
        BicepRun? lint = null, build = null, buildParams = null, example = null, defaults = null, custom = null;
        Parallel.Invoke(
            new ParallelOptions { MaxDegreeOfParallelism = 2 },
            () => lint = Bicep.Run(InfraCopy, "lint", "main.bicep"),
            () => build = Bicep.Run(InfraCopy, "build", "main.bicep", "--outfile", templatePath),
            () => buildParams = Bicep.Run(InfraCopy, "build-params", "main.bicepparam", "--outfile", parametersPath),
            () => example = Bicep.Run(InfraCopy, ["snapshot", "main.bicepparam", "--mode", "overwrite", .. snapshotTarget]),
            () => defaults = Bicep.Run(InfraCopy, ["snapshot", "spec-defaults.bicepparam", "--mode", "overwrite", .. snapshotTarget]),
            () => custom = Bicep.Run(InfraCopy, ["snapshot", "monitoring-custom.bicepparam", "--mode", "overwrite", .. snapshotTarget]));
        Lint = lint!;
        Build = build!;
        BuildParams = buildParams!;
        ExampleSnapshotRun = example!;
        DefaultsSnapshotRun = defaults!;
        CustomSnapshotRun = custom!;
        ParametersPath = parametersPath;

        template = new(() => ArmTemplate.Load(Require(Build, templatePath)));
        exampleSnapshot = new(() => DeploymentSnapshot.Load(
            Require(ExampleSnapshotRun, Path.Combine(InfraCopy, "main.snapshot.json"))));
        defaultsSnapshot = new(() => DeploymentSnapshot.Load(
            Require(DefaultsSnapshotRun, Path.Combine(InfraCopy, "spec-defaults.snapshot.json"))));
        customSnapshot = new(() => DeploymentSnapshot.Load(
            Require(CustomSnapshotRun, Path.Combine(InfraCopy, "monitoring-custom.snapshot.json"))));
    }

    public BicepCli Bicep { get; }

    public string WorkDirectory { get; }

    public string InfraCopy { get; }

    public string ParametersPath { get; }

    public BicepRun Version { get; }

    public BicepRun Lint { get; }

    public BicepRun Build { get; }

    public BicepRun BuildParams { get; }

    public BicepRun ExampleSnapshotRun { get; }

    public BicepRun DefaultsSnapshotRun { get; }

    public BicepRun CustomSnapshotRun { get; }

    /// <summary>The compiled ARM template of infra/main.bicep (modules inlined as nested deployments).</summary>
    public ArmTemplate Template => template.Value;

    /// <summary>The template evaluated with infra/main.bicepparam.</summary>
    public DeploymentSnapshot ExampleSnapshot => exampleSnapshot.Value;

    /// <summary>The template evaluated with every policy parameter at its default (see <see cref="SpecDefaultsParameters"/>).</summary>
    public DeploymentSnapshot DefaultsSnapshot => defaultsSnapshot.Value;

    /// <summary>The template evaluated with an alert e-mail and every <see cref="CustomMonitoringParameters"/> value.</summary>
    public DeploymentSnapshot CustomSnapshot => customSnapshot.Value;

    public void Dispose()
    {
        try
        {
            Directory.Delete(WorkDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }

    /// <summary>Sets only non-policy parameters, so the policy app settings show the template's defaults.</summary>
    private static string SpecDefaultsParameters()
    {
        var extra = string.Join(
            "\n",
            TestExtraAppSettings.Select(setting => $"  {setting.Key}: '{setting.Value}'"));
        return $"""
            using 'main.bicep'

            param deployerPrincipalId = '{DeployerPrincipalId}'
            param providerSecretNames = [
              'twilio-account-sid'
              'twilio-auth-token'
            ]
            param extraAppSettings = {"{"}
            {extra}
            {"}"}

            """;
    }

    /// <summary>The defaults file plus an alert e-mail and non-default monitoring and scale parameters.</summary>
    private static string CustomMonitoringParametersFile()
    {
        var custom = string.Join(
            "\n",
            CustomMonitoringParameters.Select(p => $"param {p.Key} = {p.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)}"));
        return $"""
            {SpecDefaultsParameters()}
            param alertEmail = '{CustomAlertEmail}'
            {custom}

            """;
    }

    private static string Require(BicepRun run, string outputPath)
    {
        if (run.ExitCode != 0 || !File.Exists(outputPath))
        {
            throw new InvalidOperationException($"{run.CommandLine} produced no {Path.GetFileName(outputPath)}.\n{run.Describe()}");
        }

        return outputPath;
    }

    private static void CopyDirectory(string source, string destination)
    {
        Directory.CreateDirectory(destination);
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(source, file);
            if (relative.EndsWith(".json", StringComparison.OrdinalIgnoreCase) && !relative.Equals("bicepconfig.json", StringComparison.OrdinalIgnoreCase))
            {
                continue; // build outputs someone left next to the sources
            }

            var target = Path.Combine(destination, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
