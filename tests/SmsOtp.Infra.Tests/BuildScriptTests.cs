using System.Diagnostics;
using System.Text.Json;

namespace SmsOtp.Infra.Tests;

/// <summary>
/// The first build runs repository scripts (Chromium's install for the browser tests). A script path that does not
/// resolve only fails on a new machine, where the script actually runs, so this evaluates each project that lists
/// scripts and checks every one of them exists, whatever this machine already has installed.
/// </summary>
public sealed class BuildScriptTests
{
    [Theory]
    [InlineData("tests/SmsOtp.Browser.Tests/SmsOtp.Browser.Tests.csproj", "install-browser")]
    public void Every_script_a_build_runs_exists(string project, string expectedScript)
    {
        var items = EvaluateItems(Path.Combine(RepositoryLayout.Root, project), "RepoScript");

        Assert.Contains(items, path => Path.GetFileName(path) == expectedScript);
        Assert.All(items, path => Assert.True(File.Exists(path), $"{project} runs {path}, which does not exist."));
    }

    [Fact]
    public void Repository_root_is_defined_once_for_every_project()
    {
        var root = EvaluateProperty(Path.Combine(RepositoryLayout.Root, "tests/SmsOtp.Browser.Tests/SmsOtp.Browser.Tests.csproj"), "RepoRoot");

        Assert.Equal(Path.TrimEndingDirectorySeparator(RepositoryLayout.Root), Path.TrimEndingDirectorySeparator(Path.GetFullPath(root)));
    }

    private static IReadOnlyList<string> EvaluateItems(string project, string itemType)
    {
        using var document = JsonDocument.Parse(RunMsBuild(project, $"-getItem:{itemType}"));
        return document.RootElement.GetProperty("Items").GetProperty(itemType).EnumerateArray()
            .Select(item => item.GetProperty("FullPath").GetString()!)
            .ToList();
    }

    private static string EvaluateProperty(string project, string property) => RunMsBuild(project, $"-getProperty:{property}").Trim();

    private static string RunMsBuild(string project, string query)
    {
        var startInfo = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepositoryLayout.Root,
        };
        foreach (var argument in new[] { "msbuild", project, query, "-nologo" })
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var process = Process.Start(startInfo) ?? throw new InvalidOperationException("Could not start dotnet msbuild.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"dotnet msbuild {project} {query} did not finish.");
        }

        Assert.True(process.ExitCode == 0, $"dotnet msbuild {query} failed: {stdout.Result}{stderr.Result}");
        return stdout.Result;
    }
}
