using System.Diagnostics;
using System.IO.Compression;
using System.Reflection.Metadata;
using System.Text;
using System.Text.Json;
using System.Xml.Linq;

namespace SmsOtp.Client.Tests;

/// <summary>
/// <c>dotnet pack src/SmsOtp.Client</c> gives a package a NuGet user can trust: its README, the licence expression,
/// where it comes from (repository URL and commit), and a symbol package whose PDB maps the sources to that commit
/// on GitHub (SourceLink). Packed for real into a temporary folder.
/// </summary>
public sealed class PackContentTests
{
    private const string Repository = "https://github.com/smsotp/sms-otp-functions";

    [Fact]
    public async Task The_package_carries_its_readme_licence_repository_and_symbols()
    {
        var root = RepositoryRoot();
        var work = Directory.CreateTempSubdirectory("smsotp-pack-");
        try
        {
            var output = Path.Combine(work.FullName, "out");
            await PackAsync(root, work.FullName, output);

            var package = Assert.Single(Directory.GetFiles(output, "SmsOtp.Client.*.nupkg"), f => !f.EndsWith(".snupkg", StringComparison.Ordinal));
            var symbols = Assert.Single(Directory.GetFiles(output, "SmsOtp.Client.*.snupkg"));

            using (var zip = ZipFile.OpenRead(package))
            {
                var readme = zip.GetEntry("README.md");
                Assert.NotNull(readme);
                using (var reader = new StreamReader(readme.Open()))
                {
                    Assert.Contains("AddSmsOtpClient", await reader.ReadToEndAsync(), StringComparison.Ordinal);
                }

                var nuspec = zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal));
                XDocument document;
                using (var stream = nuspec.Open())
                {
                    document = XDocument.Load(stream);
                }

                var metadata = document.Root!.Elements().Single(e => e.Name.LocalName == "metadata");
                string? Value(string name) => metadata.Elements().SingleOrDefault(e => e.Name.LocalName == name)?.Value;
                var license = metadata.Elements().Single(e => e.Name.LocalName == "license");
                Assert.Equal("expression", license.Attribute("type")?.Value);
                Assert.Equal("MIT", license.Value);
                Assert.Equal("README.md", Value("readme"));
                Assert.Equal(Repository, Value("projectUrl"));
                Assert.False(string.IsNullOrWhiteSpace(Value("description")));

                var repository = metadata.Elements().Single(e => e.Name.LocalName == "repository");
                Assert.Equal("git", repository.Attribute("type")?.Value);
                Assert.Equal(Repository, repository.Attribute("url")?.Value);
                Assert.Matches("^[0-9a-f]{40}$", repository.Attribute("commit")?.Value ?? string.Empty);
            }

            // The symbol package holds the PDB, and the PDB's SourceLink maps the repository's sources to raw files
            // of the commit the package was built from.
            using (var zip = ZipFile.OpenRead(symbols))
            {
                var pdb = zip.Entries.Single(e => e.FullName.EndsWith("SmsOtp.Client.pdb", StringComparison.Ordinal));
                using var memory = new MemoryStream();
                using (var stream = pdb.Open())
                {
                    await stream.CopyToAsync(memory);
                }

                var sourceLink = SourceLinkOf(memory.ToArray());
                var map = JsonDocument.Parse(sourceLink).RootElement.GetProperty("documents").EnumerateObject().Single();
                // A local pack maps the clone's folder; a pack on CI (CI or GITHUB_ACTIONS set) the normalised /_/.
                Assert.Contains(map.Name, new[] { Path.TrimEndingDirectorySeparator(root) + "/*", "/_/*" });
                Assert.Matches("^https://raw\\.githubusercontent\\.com/[^/]+/[^/]+/[0-9a-f]{40}/\\*$", map.Value.GetString());
            }
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task A_ci_pack_is_a_continuous_integration_build()
    {
        // On CI the PDB's paths are repository-relative (/_/...), so the build is reproducible from the commit.
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = RepositoryRoot(), RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[]
                 {
                     "msbuild", Path.Combine(RepositoryRoot(), "src", "SmsOtp.Client", "SmsOtp.Client.csproj"), "-p:CI=true", "-p:_IsPacking=true",
                     "-getProperty:ContinuousIntegrationBuild", "-getProperty:EnableSourceLink", "-getProperty:IncludeSymbols",
                     "-getProperty:SymbolPackageFormat", "-getProperty:EmbedUntrackedSources", "-getProperty:PublishRepositoryUrl", "-nodeReuse:false",
                 })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, output + await process.StandardError.ReadToEndAsync());
        var properties = JsonDocument.Parse(output).RootElement.GetProperty("Properties");
        Assert.Equal("true", properties.GetProperty("ContinuousIntegrationBuild").GetString());
        Assert.NotEqual("false", properties.GetProperty("EnableSourceLink").GetString());
        Assert.Equal("true", properties.GetProperty("IncludeSymbols").GetString());
        Assert.Equal("snupkg", properties.GetProperty("SymbolPackageFormat").GetString());
        Assert.Equal("true", properties.GetProperty("EmbedUntrackedSources").GetString());
        Assert.Equal("true", properties.GetProperty("PublishRepositoryUrl").GetString());
    }

    private static async Task PackAsync(string root, string work, string output)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[]
                 {
                     "pack", Path.Combine(root, "src", "SmsOtp.Client", "SmsOtp.Client.csproj"), "--no-restore", "-c", "Release",
                     "-o", output, "-nodeReuse:false", "-v:q",
                 })
        {
            start.ArgumentList.Add(argument);
        }

        // A clone whose remote is not on GitHub (a local clone, a worktree) is packed as if it were one: git's own
        // url.insteadOf, in a HOME of the test's, maps the remote to the repository's GitHub address. (A CI build
        // ignores the user's git configuration, so this pack is not one; the next test checks that case.)
        // A repository with no remote at all gets the GitHub address as its origin in that HOME's configuration.
        var remote = await GitRemoteAsync(root);
        if (remote is null || !remote.StartsWith("https://github.com/", StringComparison.Ordinal))
        {
            var home = Path.Combine(work, "home");
            Directory.CreateDirectory(home);
            await File.WriteAllTextAsync(Path.Combine(home, ".gitconfig"), remote is null
                ? $"[remote \"origin\"]\n\turl = {Repository}\n"
                : $"[url \"{Repository}\"]\n\tinsteadOf = {remote}\n");
            start.Environment["NUGET_PACKAGES"] = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
                ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
            start.Environment["DOTNET_CLI_HOME"] = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
            start.Environment["HOME"] = home;
            start.ArgumentList.Add("-p:ContinuousIntegrationBuild=false");
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(timeout.Token);
        var log = await stdout + await stderr;
        Assert.True(process.ExitCode == 0, $"dotnet pack failed ({process.ExitCode}):\n{log}");
        Assert.DoesNotContain("warning", log, StringComparison.OrdinalIgnoreCase);
    }

    private static async Task<string?> GitRemoteAsync(string root)
    {
        var start = new ProcessStartInfo("git", ["remote", "get-url", "origin"]) { WorkingDirectory = root, RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return process.ExitCode == 0 ? output.Trim() : null;
    }

    private static string SourceLinkOf(byte[] pdb)
    {
        // The SourceLink JSON is a custom debug information blob of the module (its well-known GUID).
        var sourceLinkKind = new Guid("CC110556-A091-4D38-9FEC-25AB9A351A6A");
        using var provider = MetadataReaderProvider.FromPortablePdbImage(System.Collections.Immutable.ImmutableArray.Create(pdb));
        var reader = provider.GetMetadataReader();
        foreach (var handle in reader.GetCustomDebugInformation(EntityHandle.ModuleDefinition))
        {
            var information = reader.GetCustomDebugInformation(handle);
            if (reader.GetGuid(information.Kind) == sourceLinkKind)
            {
                return Encoding.UTF8.GetString(reader.GetBlobBytes(information.Value));
            }
        }

        throw new Xunit.Sdk.XunitException("The PDB has no SourceLink.");
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "SmsOtpFunctions.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No folder above {AppContext.BaseDirectory} holds SmsOtpFunctions.sln.");
    }
}
