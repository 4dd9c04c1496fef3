namespace SmsOtp.Infra.Tests;

/// <summary>Finds the repository (the folder with infra/main.bicep) the tests check.</summary>
public static class RepositoryLayout
{
    private static readonly Lazy<string> RootPath = new(FindRoot);

    public static string Root => RootPath.Value;

    public static string Infra => Path.Combine(Root, "infra");

    private static string FindRoot()
    {
        var fromBuild = BicepCli.AssemblyMetadata("RepositoryRoot");
        if (!string.IsNullOrWhiteSpace(fromBuild) && IsRoot(fromBuild))
        {
            return Path.GetFullPath(fromBuild);
        }

        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (IsRoot(directory.FullName))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No folder above {AppContext.BaseDirectory} holds infra/main.bicep.");
    }

    private static bool IsRoot(string directory) => File.Exists(Path.Combine(directory, "infra", "main.bicep"));
}
