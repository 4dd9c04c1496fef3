using Microsoft.Playwright;

namespace SmsOtp.Browser.Tests.Infrastructure;

/// <summary>
/// Saves page screenshots as test artifacts under <c>TestResults/screenshots</c> at the repository root
/// (or <c>SMSOTP_SCREENSHOTS</c>), one file per page state.
/// </summary>
public static class Screenshots
{
    public static string Directory { get; } = Resolve();

    public static async Task<string> SaveAsync(IPage page, string name)
    {
        var path = Path.Combine(Directory, name + ".png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        return path;
    }

    private static string Resolve()
    {
        var configured = Environment.GetEnvironmentVariable("SMSOTP_SCREENSHOTS");
        if (!string.IsNullOrEmpty(configured))
        {
            return System.IO.Directory.CreateDirectory(configured).FullName;
        }

        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "SmsOtpFunctions.sln")))
        {
            dir = dir.Parent;
        }

        var root = dir?.FullName ?? AppContext.BaseDirectory;
        return System.IO.Directory.CreateDirectory(Path.Combine(root, "TestResults", "screenshots")).FullName;
    }
}
