namespace SmsOtp.Infra.Tests;

/// <summary>
/// Every relative link of the README, the docs and the repository's other guides resolves: the file exists and an
/// anchor names a heading of the target as GitHub slugs it. The README is the front door and the docs the manual,
/// so a section that moves must take its links with it.
/// </summary>
public sealed class DocumentationLinkTests
{
    public static TheoryData<string> MarkdownFiles()
    {
        var data = new TheoryData<string>();
        foreach (var file in Files())
        {
            data.Add(file);
        }

        return data;
    }

    private static List<string> Files()
    {
        var root = RepositoryLayout.Root;
        var files = Directory.EnumerateFiles(root, "*.md")
            .Concat(Directory.EnumerateFiles(Path.Combine(root, "docs"), "*.md"))
            .Concat(Directory.EnumerateFiles(Path.Combine(root, "src"), "README.md", SearchOption.AllDirectories))
            .Concat(Directory.EnumerateFiles(Path.Combine(root, "samples"), "README.md", SearchOption.AllDirectories))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                        && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(f => Path.GetRelativePath(root, f).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)
            .ToList();
        return files;
    }

    [Theory]
    [MemberData(nameof(MarkdownFiles))]
    public void Every_relative_link_resolves(string file)
    {
        var broken = DocumentationLinks.Broken(Path.Combine(RepositoryLayout.Root, file));
        Assert.True(broken.Count == 0, $"{file} has broken links:\n  " + string.Join("\n  ", broken));
    }

    [Fact]
    public void The_readme_and_every_doc_are_checked()
    {
        var files = Files();
        Assert.Contains("README.md", files);
        Assert.Contains("docs/api.md", files);
        Assert.Contains("docs/deploy.md", files);
        Assert.True(files.Count(f => f.StartsWith("docs/", StringComparison.Ordinal)) >= 15, string.Join(", ", files));
    }

    [Fact]
    public void The_readme_links_every_doc()
    {
        // The README's table of the docs is how a reader finds a moved section: no doc may be missing from it.
        var readme = DocumentationLinks.Links(File.ReadAllText(Path.Combine(RepositoryLayout.Root, "README.md")))
            .Select(t => t.Split('#')[0])
            .ToHashSet(StringComparer.Ordinal);
        var docs = Directory.EnumerateFiles(Path.Combine(RepositoryLayout.Root, "docs"), "*.md")
            .Select(f => "docs/" + Path.GetFileName(f));
        Assert.All(docs, d => Assert.True(readme.Contains(d), $"README.md does not link {d}."));
    }

    [Fact]
    public void Azure_yaml_points_at_a_real_deployment_guide()
    {
        var yaml = File.ReadAllText(Path.Combine(RepositoryLayout.Root, "azure.yaml"));
        var named = System.Text.RegularExpressions.Regex.Matches(yaml, @"docs/[\w.-]+\.md").Select(m => m.Value).ToList();
        Assert.NotEmpty(named);
        Assert.All(named, path => Assert.True(File.Exists(Path.Combine(RepositoryLayout.Root, path)), $"azure.yaml names {path}, which does not exist."));
    }

    [Theory]
    [InlineData("Configuration (`SmsOtp:Pages`)", "configuration-smsotppages")]
    [InlineData("3. Set the secrets in Key Vault", "3-set-the-secrets-in-key-vault")]
    [InlineData("Growth: verify at 1,000 and 100,000 stored users — target not met on Azurite", "growth-verify-at-1000-and-100000-stored-users--target-not-met-on-azurite")]
    [InlineData("Generic template (WSO2's IdP \"SMS OTP Configuration\")", "generic-template-wso2s-idp-sms-otp-configuration")]
    [InlineData("The [API](api.md) and *its* `routes`", "the-api-and-its-routes")]
    [InlineData("snake_case keys", "snake_case-keys")]
    public void Headings_slug_as_on_GitHub(string heading, string slug) => Assert.Equal(slug, DocumentationLinks.Slug(heading));

    [Fact]
    public void A_missing_file_a_missing_heading_and_a_repeated_heading_are_told_apart()
    {
        var folder = Directory.CreateTempSubdirectory("smsotp-links-");
        try
        {
            File.WriteAllText(Path.Combine(folder.FullName, "target.md"), "# Title\n\n## Step\n\n## Step\n\n```\n## Not a heading\n```\n<a id=\"explicit\"></a>\n");
            var source = Path.Combine(folder.FullName, "source.md");
            File.WriteAllText(source, string.Join('\n',
                "[ok](target.md#title) [second](target.md#step-1) [explicit](target.md#explicit) [self](#here)",
                "## Here",
                "[gone](missing.md) [no heading](target.md#nowhere) [fenced](target.md#not-a-heading) ![img](missing.png)",
                "`[in code](missing-too.md)` [web](https://example.com/x.md)",
                "[ref]: target.md#step",
                "```", "[in a fence](missing-as-well.md)", "```"));

            var broken = DocumentationLinks.Broken(source);

            Assert.Equal(4, broken.Count);
            Assert.Contains(broken, b => b.StartsWith("missing.md:", StringComparison.Ordinal));
            Assert.Contains(broken, b => b.StartsWith("target.md#nowhere:", StringComparison.Ordinal));
            Assert.Contains(broken, b => b.StartsWith("target.md#not-a-heading:", StringComparison.Ordinal));
            Assert.Contains(broken, b => b.StartsWith("missing.png:", StringComparison.Ordinal));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
