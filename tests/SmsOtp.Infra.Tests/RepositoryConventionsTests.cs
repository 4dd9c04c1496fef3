using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using YamlDotNet.RepresentationModel;

namespace SmsOtp.Infra.Tests;

/// <summary>
/// What an open-source .NET repository is expected to hold, and that it says what the project does: CI runs the
/// README's test command through <c>.ci/run</c> unchanged, Dependabot watches the three ecosystems in use, the
/// licence is the one the client package declares, the guides exist, and the sample's launch profile gives the
/// local server exactly what the sample app sends and expects.
/// </summary>
public sealed class RepositoryConventionsTests
{
    [Fact]
    public void Ci_runs_the_repository_script_on_ubuntu_with_dotnet_10_and_node_20()
    {
        var workflow = Yaml(".github/workflows/ci.yml");
        var jobs = (YamlMappingNode)workflow["jobs"];
        var job = Assert.Single(jobs.Children).Value;
        Assert.Equal("ubuntu-latest", Scalar(job["runs-on"]));

        var steps = ((YamlSequenceNode)job["steps"]).Children.Cast<YamlMappingNode>().ToList();
        var dotnet = Assert.Single(steps, s => Uses(s).StartsWith("actions/setup-dotnet@", StringComparison.Ordinal));
        Assert.StartsWith("10.", Scalar(dotnet["with"]["dotnet-version"]), StringComparison.Ordinal);
        var node = Assert.Single(steps, s => Uses(s).StartsWith("actions/setup-node@", StringComparison.Ordinal));
        Assert.Equal("20", Scalar(node["with"]["node-version"]));
        Assert.Contains(steps, s => Uses(s).StartsWith("actions/checkout@", StringComparison.Ordinal));

        // The script itself, unchanged: no step re-implements it or passes it options.
        var runs = steps.Where(s => s.Children.ContainsKey("run")).Select(s => Scalar(s["run"]).Trim()).ToList();
        Assert.Equal(["bash .ci/run"], runs);
        Assert.True(File.Exists(Path.Combine(RepositoryLayout.Root, ".ci", "run")));
    }

    [Fact]
    public void The_ci_script_runs_the_readmes_test_command()
    {
        const string command = "dotnet test SmsOtpFunctions.sln";
        Assert.Contains(command, File.ReadAllText(Path.Combine(RepositoryLayout.Root, ".ci", "run")), StringComparison.Ordinal);
        Assert.Contains(command, File.ReadAllText(Path.Combine(RepositoryLayout.Root, "README.md")), StringComparison.Ordinal);
        Assert.Contains("dotnet run --project src/SmsOtp.LocalServer", File.ReadAllText(Path.Combine(RepositoryLayout.Root, "README.md")), StringComparison.Ordinal);
    }

    [Fact]
    public void Dependabot_watches_nuget_npm_and_github_actions()
    {
        var updates = ((YamlSequenceNode)Yaml(".github/dependabot.yml")["updates"]).Children.Cast<YamlMappingNode>();
        var ecosystems = updates.Select(u => Scalar(u["package-ecosystem"])).Order(StringComparer.Ordinal);
        Assert.Equal(["github-actions", "npm", "nuget"], ecosystems);
    }

    [Theory]
    [InlineData("LICENSE")]
    [InlineData("SECURITY.md")]
    [InlineData("CONTRIBUTING.md")]
    [InlineData("CHANGELOG.md")]
    public void The_open_source_guides_exist(string file)
    {
        var path = Path.Combine(RepositoryLayout.Root, file);
        Assert.True(File.Exists(path), $"{file} is missing.");
        Assert.True(new FileInfo(path).Length > 200, $"{file} is all but empty.");
    }

    [Fact]
    public void The_licence_is_the_one_the_client_package_declares()
    {
        var project = XDocument.Load(Path.Combine(RepositoryLayout.Root, "src", "SmsOtp.Client", "SmsOtp.Client.csproj"));
        Assert.Equal("MIT", project.Descendants("PackageLicenseExpression").Single().Value);
        var licence = File.ReadAllText(Path.Combine(RepositoryLayout.Root, "LICENSE"));
        Assert.StartsWith("MIT License", licence, StringComparison.Ordinal);
        Assert.Contains("SMS OTP service contributors", licence, StringComparison.Ordinal);
    }

    [Fact]
    public void The_changelog_keeps_an_unreleased_section()
    {
        var changelog = File.ReadAllText(Path.Combine(RepositoryLayout.Root, "CHANGELOG.md"));
        Assert.Contains("keepachangelog.com", changelog, StringComparison.Ordinal);
        Assert.Matches(new Regex(@"^## \[Unreleased\]$", RegexOptions.Multiline), changelog);
    }

    [Fact]
    public void The_security_policy_asks_for_private_reports()
    {
        var policy = File.ReadAllText(Path.Combine(RepositoryLayout.Root, "SECURITY.md"));
        Assert.Contains("security/advisories/new", policy, StringComparison.Ordinal);
        Assert.Contains("never in a public issue", policy, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void The_sample_launch_profile_gives_the_local_server_what_the_sample_sends()
    {
        var options = new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };
        using var launch = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryLayout.Root, "src", "SmsOtp.LocalServer", "Properties", "launchSettings.json")), options);
        using var sampleSettings = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryLayout.Root, "samples", "SmsOtp.Sample", "appsettings.json")), options);
        using var sampleLaunch = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryLayout.Root, "samples", "SmsOtp.Sample", "Properties", "launchSettings.json")), options);

        var profiles = launch.RootElement.GetProperty("profiles");
        var profile = profiles.GetProperty("sample");
        var environment = profile.GetProperty("environmentVariables");
        var sample = sampleSettings.RootElement.GetProperty("SmsOtp");
        var tenant = sample.GetProperty("Tenant").GetString()!;
        var sampleUrl = sampleLaunch.RootElement.GetProperty("profiles").EnumerateObject().First().Value.GetProperty("applicationUrl").GetString()!;

        // The default profile (what a plain `dotnet run` takes) is not the sample's: it comes first and sets no keys.
        Assert.NotEqual("sample", profiles.EnumerateObject().First().Name);
        Assert.DoesNotContain(profiles.EnumerateObject().First().Value.GetProperty("environmentVariables").EnumerateObject(), v => v.Name.StartsWith("SmsOtp__", StringComparison.Ordinal));

        Assert.Equal(new Uri(sample.GetProperty("BaseAddress").GetString()!), new Uri(profile.GetProperty("applicationUrl").GetString()!));
        Assert.Equal(sample.GetProperty("FunctionKey").GetString(), environment.GetProperty("SmsOtp__LocalApiKey").GetString());
        Assert.Equal("true", environment.GetProperty($"SmsOtp__Tenants__{tenant}__Mandatory").GetString());
        Assert.Equal(new Uri(new Uri(sampleUrl.Split(';')[0]), "signin/callback"),
            new Uri(environment.GetProperty($"SmsOtp__Tenants__{tenant}__Pages__AllowedReturnUrls__0").GetString()!));
        Assert.Equal("Development", environment.GetProperty("ASPNETCORE_ENVIRONMENT").GetString());

        // The documented command is the one that selects it.
        Assert.Contains("dotnet run --project src/SmsOtp.LocalServer --launch-profile sample", File.ReadAllText(Path.Combine(RepositoryLayout.Root, "README.md")), StringComparison.Ordinal);
    }

    private static YamlMappingNode Yaml(string relativePath)
    {
        var stream = new YamlStream();
        using var reader = new StringReader(File.ReadAllText(Path.Combine(RepositoryLayout.Root, relativePath)));
        stream.Load(reader);
        return (YamlMappingNode)stream.Documents[0].RootNode;
    }

    private static string Uses(YamlMappingNode step) => step.Children.TryGetValue("uses", out var uses) ? Scalar(uses) : string.Empty;

    private static string Scalar(YamlNode node) => ((YamlScalarNode)node).Value ?? string.Empty;
}
