using System.Text.Json;

namespace SmsOtp.Migrate.Tests.Config;

/// <summary>The appsettings JSON the tool printed, flattened to configuration keys (<c>SmsOtp:Providers:0:Preset</c>).</summary>
public static class ConfigOutput
{
    public static Dictionary<string, string?> Flatten(string json)
    {
        var flat = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        using var doc = JsonDocument.Parse(json);
        Walk(doc.RootElement, "", flat);
        return flat;
    }

    public static async Task<(ToolRun Run, Dictionary<string, string?> Settings)> ConvertAsync(params string[] args)
    {
        var run = await ToolRun.RunAsync(["config", .. args]);
        Assert.True(run.ExitCode == 0, run.Error);
        return (run, Flatten(run.Output));
    }

    private static void Walk(JsonElement element, string prefix, Dictionary<string, string?> flat)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var p in element.EnumerateObject())
                {
                    Walk(p.Value, prefix.Length == 0 ? p.Name : prefix + ":" + p.Name, flat);
                }

                break;
            case JsonValueKind.Array:
                var i = 0;
                foreach (var item in element.EnumerateArray())
                {
                    Walk(item, prefix + ":" + i++, flat);
                }

                break;
            case JsonValueKind.String:
                flat[prefix] = element.GetString();
                break;
            case JsonValueKind.True or JsonValueKind.False:
                flat[prefix] = element.GetBoolean() ? "true" : "false";
                break;
            default:
                flat[prefix] = element.GetRawText();
                break;
        }
    }
}
