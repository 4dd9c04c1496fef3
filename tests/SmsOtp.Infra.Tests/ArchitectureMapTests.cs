using System.Text.RegularExpressions;

namespace SmsOtp.Infra.Tests;

/// <summary>
/// docs/architecture.md is the map a newcomer reads first: its folder map names every project, and its table of the
/// core's feature folders names every folder of <c>src/SmsOtp.Core</c> and no folder that is gone. (The dependency
/// rules between those folders are held by tests/SmsOtp.Tests/Architecture.)
/// </summary>
public sealed partial class ArchitectureMapTests
{
    private static readonly string Map = File.ReadAllText(Path.Combine(RepositoryLayout.Root, "docs", "architecture.md"));

    [Fact]
    public void Every_feature_folder_of_the_core_is_on_the_map_and_every_row_is_a_folder()
    {
        var core = Path.Combine(RepositoryLayout.Root, "src", "SmsOtp.Core");
        var folders = Directory.EnumerateDirectories(core)
            .Select(Path.GetFileName)
            .Where(name => name is not ("bin" or "obj" or "Properties") && Directory.EnumerateFiles(Path.Combine(core, name!), "*.cs", SearchOption.AllDirectories).Any())
            .Select(name => name!)
            .ToHashSet(StringComparer.Ordinal);
        var rows = FeatureRow().Matches(Map).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);

        Assert.All(folders, f => Assert.True(rows.Contains(f), $"src/SmsOtp.Core/{f}/ is not in docs/architecture.md's table of feature folders."));
        Assert.All(rows, r => Assert.True(folders.Contains(r), $"docs/architecture.md lists `{r}/`, which src/SmsOtp.Core does not have."));
    }

    [Fact]
    public void Every_project_is_in_the_folder_map()
    {
        var projects = new[] { "src", "tests", "samples", "tools" }
            .Select(top => Path.Combine(RepositoryLayout.Root, top))
            .Where(Directory.Exists)
            .SelectMany(top => Directory.EnumerateFiles(top, "*.csproj", SearchOption.AllDirectories))
            .Where(p => !p.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(p => Path.GetRelativePath(RepositoryLayout.Root, Path.GetDirectoryName(p)!).Replace('\\', '/'))
            .ToList();

        Assert.NotEmpty(projects);
        Assert.All(projects, p => Assert.True(Regex.IsMatch(Map, $"^{Regex.Escape(p)}\\s", RegexOptions.Multiline), $"{p} is not in docs/architecture.md's folder map."));
    }

    [GeneratedRegex(@"^\| `([A-Za-z]+)/` \|", RegexOptions.Multiline)]
    private static partial Regex FeatureRow();
}
