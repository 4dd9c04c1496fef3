using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace SmsOtp.Infra.Tests;

/// <summary>
/// The relative links of a Markdown file and whether each resolves: the file or folder exists, and an anchor names a
/// heading of the target (GitHub's slugs) or an explicit <c>&lt;a id&gt;</c>. Links in code are not links.
/// </summary>
public static partial class DocumentationLinks
{
    /// <summary>Every broken relative link of <paramref name="markdownFile"/>, as "target: why".</summary>
    public static IReadOnlyList<string> Broken(string markdownFile)
    {
        var broken = new List<string>();
        var directory = Path.GetDirectoryName(markdownFile)!;
        foreach (var target in Links(File.ReadAllText(markdownFile)))
        {
            if (IsExternal(target))
            {
                continue;
            }

            var hash = target.IndexOf('#', StringComparison.Ordinal);
            var path = Uri.UnescapeDataString(hash < 0 ? target : target[..hash]);
            var anchor = hash < 0 ? null : target[(hash + 1)..];
            var resolved = path.Length == 0 ? markdownFile : Path.GetFullPath(Path.Combine(directory, path));
            if (!File.Exists(resolved) && !Directory.Exists(resolved))
            {
                broken.Add($"{target}: {path} does not exist");
                continue;
            }

            if (!string.IsNullOrEmpty(anchor) && resolved.EndsWith(".md", StringComparison.OrdinalIgnoreCase)
                && !Anchors(File.ReadAllText(resolved)).Contains(Uri.UnescapeDataString(anchor)))
            {
                broken.Add($"{target}: no heading or anchor '{anchor}' in {Path.GetFileName(resolved)}");
            }
        }

        return broken;
    }

    /// <summary>The link targets of inline links, images and reference definitions, outside code.</summary>
    public static IEnumerable<string> Links(string markdown)
    {
        var text = WithoutCode(markdown);
        foreach (Match m in InlineLink().Matches(text))
        {
            yield return m.Groups["target"].Value;
        }

        foreach (Match m in ReferenceDefinition().Matches(text))
        {
            yield return m.Groups["target"].Value;
        }
    }

    /// <summary>The anchors a file offers: one slug per heading (duplicates numbered as GitHub does) and explicit ids.</summary>
    public static HashSet<string> Anchors(string markdown)
    {
        var anchors = new HashSet<string>(StringComparer.Ordinal);
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var line in OutsideFences(markdown))
        {
            var heading = Heading().Match(line);
            if (heading.Success)
            {
                var slug = Slug(heading.Groups["text"].Value);
                counts[slug] = counts.TryGetValue(slug, out var n) ? n + 1 : 0;
                anchors.Add(counts[slug] == 0 ? slug : $"{slug}-{counts[slug]}");
            }

            foreach (Match id in ExplicitAnchor().Matches(line))
            {
                anchors.Add(id.Groups["id"].Value);
            }
        }

        return anchors;
    }

    /// <summary>
    /// GitHub's heading slug: the heading's text as rendered (code spans, links and emphasis reduced to their text),
    /// lower-cased, every character that is not a letter, digit, space, hyphen or underscore removed, spaces to hyphens.
    /// </summary>
    public static string Slug(string heading)
    {
        var text = LinkText().Replace(heading, "${text}");
        text = HtmlTag().Replace(text, string.Empty);
        var slug = new StringBuilder(text.Length);
        foreach (var c in text.Trim().ToLowerInvariant())
        {
            var category = char.GetUnicodeCategory(c);
            if (c == ' ')
            {
                slug.Append('-');
            }
            else if (c is '-' or '_' || char.IsLetterOrDigit(c)
                     || category is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark)
            {
                slug.Append(c);
            }
        }

        return slug.ToString();
    }

    private static bool IsExternal(string target) =>
        target.Contains("://", StringComparison.Ordinal) || target.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase);

    // Fenced blocks and inline code spans hold examples, not links (a `[x](y)` in code is not followed by GitHub).
    private static string WithoutCode(string markdown) =>
        CodeSpan().Replace(string.Join('\n', OutsideFences(markdown)), string.Empty);

    private static IEnumerable<string> OutsideFences(string markdown)
    {
        string? fence = null;
        foreach (var line in markdown.Split('\n'))
        {
            var trimmed = line.TrimStart();
            if (fence is null && (trimmed.StartsWith("```", StringComparison.Ordinal) || trimmed.StartsWith("~~~", StringComparison.Ordinal)))
            {
                fence = trimmed[..3];
                continue;
            }

            if (fence is not null)
            {
                if (trimmed.StartsWith(fence, StringComparison.Ordinal))
                {
                    fence = null;
                }

                continue;
            }

            yield return line;
        }
    }

    [GeneratedRegex(@"!?\[(?:[^\[\]]|\[[^\[\]]*\])*\]\((?<target>[^)\s]+)(?:\s+""[^""]*"")?\)")]
    private static partial Regex InlineLink();

    [GeneratedRegex(@"^\s{0,3}\[[^\]]+\]:\s+(?<target>\S+)", RegexOptions.Multiline)]
    private static partial Regex ReferenceDefinition();

    [GeneratedRegex(@"^\s{0,3}#{1,6}\s+(?<text>.*?)\s*#*\s*$")]
    private static partial Regex Heading();

    [GeneratedRegex(@"<a\s+(?:id|name)=""(?<id>[^""]+)""")]
    private static partial Regex ExplicitAnchor();

    [GeneratedRegex(@"(`+)[^`]*?\1")]
    private static partial Regex CodeSpan();

    [GeneratedRegex(@"!?\[(?<text>[^\]]*)\]\([^)]*\)")]
    private static partial Regex LinkText();

    [GeneratedRegex(@"<[^>]+>")]
    private static partial Regex HtmlTag();
}
