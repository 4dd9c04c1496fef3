using System.Reflection;
using System.Text.RegularExpressions;
using SmsOtp.LocalServer;

namespace SmsOtp.Tests.Architecture;

/// <summary>
/// The shape docs/architecture.md's folder map promises: feature folders without dependency cycles, one problem
/// factory, one lock rule, one challenge state derivation, and event ids that are unique and in their
/// feature's range.
/// </summary>
public sealed partial class ArchitectureTests
{
    private static readonly string CoreRoot = Path.Combine(RepositoryRoot(), "src", "SmsOtp.Core");

    [Fact]
    public void Feature_folders_of_the_core_have_no_dependency_cycles()
    {
        var graph = Graph();

        var cycles = new List<string>();
        foreach (var (from, uses) in graph)
        {
            foreach (var to in uses.Where(to => Reaches(graph, to, from)))
            {
                cycles.Add($"{from} -> {to} -> ... -> {from}");
            }
        }

        Assert.True(cycles.Count == 0, "Namespace cycles: " + string.Join("; ", cycles));
        Assert.Empty(graph.Where(g => g.Value.Contains("Hosting")).Select(g => g.Key)); // only the hosts use the composition root
    }

    [Fact]
    public void Feature_folders_use_only_what_the_readme_map_lists()
    {
        // docs/architecture.md: one row a folder, "uses" its last column; Hosting uses all.
        var readme = File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "architecture.md"));
        var documented = MapRow().Matches(readme).ToDictionary(
            m => m.Groups[1].Value,
            m => m.Groups[2].Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToHashSet());
        var graph = Graph();
        Assert.Empty(graph.Keys.Except(documented.Keys));
        var undocumented = graph
            .Where(g => g.Key != "Hosting")
            .SelectMany(g => g.Value.Where(to => !documented[g.Key].Contains(to)).Select(to => $"{g.Key} -> {to}"))
            .ToList();
        Assert.True(undocumented.Count == 0, "Not in docs/architecture.md's map: " + string.Join(", ", undocumented));
    }

    [Fact]
    public void The_readme_map_lists_only_uses_the_code_has()
    {
        // The page holds the folder graph itself: an edge the code dropped goes from its row too.
        var readme = File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "architecture.md"));
        var graph = Graph();
        var stale = MapRow().Matches(readme)
            .Where(m => m.Groups[1].Value != "Hosting")
            .SelectMany(m => m.Groups[2].Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                .Where(to => !graph.TryGetValue(m.Groups[1].Value, out var uses) || !uses.Contains(to))
                .Select(to => $"{m.Groups[1].Value} -> {to}"))
            .ToList();
        Assert.True(stale.Count == 0, "In docs/architecture.md's map but not in the code: " + string.Join(", ", stale));
    }

    [Fact]
    public void A_use_is_a_name_the_compiler_resolves_not_a_using_line()
    {
        // A partly qualified name needs no using (Phone.MobileMask inside SmsOtp.Core.Otp), and a global using
        // names nothing: the graph comes from what each name in a file resolves to.
        Assert.Contains("Phone", Uses("namespace SmsOtp.Core.Otp;\nclass A { string M(string m) => Phone.MobileMask.Mask(m); }"));
        Assert.Contains("Phone", Uses("global using SmsOtp.Core.Phone;\nnamespace SmsOtp.Core.Otp;\nclass A { string M(string m) => MobileMask.Mask(m); }"));
        Assert.Contains("Phone", Uses("namespace SmsOtp.Core.Otp;\nclass A { string M(string m) => SmsOtp.Core.Phone.MobileMask.Mask(m); }"));
        Assert.DoesNotContain("Phone", Uses("namespace SmsOtp.Core.Otp;\nclass A { object M(R r) => r.Phone; }\nclass R { public object? Phone { get; } }"));
        Assert.Empty(Uses("global using SmsOtp.Core.Phone;\nnamespace SmsOtp.Core.Otp;\nclass A { }"));
    }

    [Fact]
    public void Every_problem_is_made_by_the_one_factory()
    {
        var offenders = SourceFiles()
            .Where(f => !f.EndsWith(Path.Combine("Problems", "Problem.cs"), StringComparison.Ordinal))
            .Where(f => File.ReadAllText(f).Contains("new ApiProblem(", StringComparison.Ordinal)
                        || NewProblemShorthand().IsMatch(File.ReadAllText(f)) && File.ReadAllText(f).Contains("ApiProblem", StringComparison.Ordinal))
            .Select(Path.GetFileName)
            .ToList();
        Assert.Empty(offenders);
    }

    [Fact]
    public void The_lock_rule_and_the_challenge_state_are_each_written_once()
    {
        // Whether a user is locked: only AccountLock compares LockedUntil with a time.
        var lockTests = CoreFiles().Where(f => LockComparison().IsMatch(File.ReadAllText(f))).Select(Path.GetFileName).ToList();
        Assert.Equal(["AccountLock.cs"], lockTests);

        // The stored challenge state is read and written only by Challenge (UserRecord declares it).
        var stateUsers = CoreFiles()
            .Where(f => StoredState().IsMatch(File.ReadAllText(f)))
            .Select(Path.GetFileName)
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.Equal(["Challenge.cs", "UserRecord.cs"], stateUsers);
    }

    [Fact]
    public void Event_ids_are_unique_and_in_their_features_range()
    {
        var events = new[] { typeof(OtpService).Assembly, typeof(LocalServerApp).Assembly }
            .SelectMany(a => a.GetTypes())
            .SelectMany(t => t.GetMethods(BindingFlags.Static | BindingFlags.NonPublic | BindingFlags.Public | BindingFlags.DeclaredOnly)
                .Select(m => (Type: t, Attribute: m.GetCustomAttribute<LoggerMessageAttribute>())))
            .Where(e => e.Attribute is not null)
            .Select(e => (Feature: Feature(e.Type), e.Attribute!.EventId))
            .ToList();

        Assert.NotEmpty(events);
        var duplicates = events.GroupBy(e => e.EventId).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.Empty(duplicates);

        // docs/architecture.md: the ranges of event ids.
        var ranges = new Dictionary<string, (int From, int To)>
        {
            ["Security"] = (1000, 1099), ["Secrets"] = (1100, 1199), ["Storage"] = (1200, 1299), ["Otp"] = (2000, 2999), ["Users"] = (3000, 3999),
            ["Delivery"] = (4000, 4099), ["Providers"] = (4100, 4499), ["Receipts"] = (4500, 4599), ["Http"] = (5000, 5199),
            ["Pages"] = (6000, 6999), ["LocalServer"] = (7000, 7999), ["Telemetry"] = (8000, 8099),
            ["FraudGuard"] = (8100, 8199), ["Audit"] = (9000, 9999), ["TrustedDevices"] = (1300, 1399),
        };
        var outside = events.Where(e => !ranges.TryGetValue(e.Feature, out var r) || e.EventId < r.From || e.EventId > r.To).ToList();
        Assert.True(outside.Count == 0, "Outside their range: " + string.Join(", ", outside.Select(e => $"{e.Feature} {e.EventId}")));
    }

    private static Dictionary<string, HashSet<string>> Graph() => CoreGraph.Value;

    private static readonly Lazy<Dictionary<string, HashSet<string>>> SemanticUses = new(() => CoreUses(CoreFiles().Select(f => (f, File.ReadAllText(f))), []));

    private static readonly Lazy<Dictionary<string, HashSet<string>>> CoreGraph = new(() =>
        CoreFiles()
            .Select(file => (Feature: Feature(File.ReadAllText(file)), Uses: SemanticUses.Value[file]))
            .GroupBy(f => f.Feature)
            .ToDictionary(g => g.Key, g => g.SelectMany(f => f.Uses).Where(u => u != g.Key).ToHashSet()));

    private static bool Reaches(Dictionary<string, HashSet<string>> graph, string from, string target)
    {
        var seen = new HashSet<string>();
        var stack = new Stack<string>([from]);
        while (stack.TryPop(out var node))
        {
            if (node == target)
            {
                return true;
            }

            if (seen.Add(node) && graph.TryGetValue(node, out var next))
            {
                foreach (var n in next)
                {
                    stack.Push(n);
                }
            }
        }

        return false;
    }

    private static string Feature(string source) => CoreNamespace().Match(source).Groups[1].Value;

    private static string Feature(Type type) =>
        type.Namespace is { } ns && ns.StartsWith("SmsOtp.Core.", StringComparison.Ordinal) ? ns.Split('.')[2] : "LocalServer";

    private static IEnumerable<string> CoreFiles() =>
        Directory.EnumerateFiles(CoreRoot, "*.cs", SearchOption.AllDirectories).Where(IsSource);

    private static IEnumerable<string> SourceFiles() =>
        Directory.EnumerateFiles(Path.Combine(RepositoryRoot(), "src"), "*.cs", SearchOption.AllDirectories).Where(IsSource);

    private static bool IsSource(string path) =>
        !path.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
        && !path.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal);

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "SmsOtpFunctions.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Repository root not found.");
    }

    [GeneratedRegex(@"^namespace SmsOtp\.Core\.(\w+)", RegexOptions.Multiline)]
    private static partial Regex CoreNamespace();

    // A row of docs/architecture.md's folder map: | `Folder/` | owns | uses |
    [GeneratedRegex(@"^\| `(\w+)/` \|.*\|[ \t]*([^|\n]*?)[ \t]*\|[ \t]*$", RegexOptions.Multiline)]
    private static partial Regex MapRow();

    [GeneratedRegex(@"LockedUntil\s*(is\s*\{\s*\}\s*\w+\s*&&\s*\w+\s*)?[<>]=?\s*\w")]
    private static partial Regex LockComparison();

    [GeneratedRegex(@"\.ChallengeState\s*(==|!=|=|;|\))|string\? ChallengeState")]
    private static partial Regex StoredState();

    [GeneratedRegex(@"ApiProblem\s+\w+\(\)\s*=>\s*new\(")]
    private static partial Regex NewProblemShorthand();
}
