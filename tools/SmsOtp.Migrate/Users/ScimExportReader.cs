using System.Text.Json;

namespace SmsOtp.Migrate.Users;

/// <summary>
/// Reads SCIM 2.0 <c>ListResponse</c> pages as WSO2's <c>GET /scim2/Users</c> returns them
/// (<c>{"schemas": ["urn:ietf:params:scim:api:messages:2.0:ListResponse"], "totalResults": n, "startIndex": 1,
/// "itemsPerPage": m, "Resources": [...]}</c>), several files or a directory of them (paged exports, in name
/// order); a bare array of users or one user resource is read too.
/// </summary>
public sealed class ScimExportReader(ClaimLocator disabled, ClaimLocator backupCodes)
{
    public ScimExport Read(IEnumerable<string> paths)
    {
        var users = new List<ScimUser>();
        var warnings = new List<string>();
        long? total = null;
        foreach (var file in Files(paths))
        {
            using var document = Parse(file);
            var root = document.RootElement;
            JsonElement resources;
            if (root.ValueKind == JsonValueKind.Array)
            {
                resources = root;
            }
            else if (ScimAttributePath.Property(root, "Resources") is { ValueKind: JsonValueKind.Array } list)
            {
                resources = list;
                if (ScimAttributePath.Property(root, "totalResults") is { ValueKind: JsonValueKind.Number } t && t.TryGetInt64(out var n))
                {
                    total = Math.Max(total ?? 0, n);
                }
            }
            else if (ScimAttributePath.Property(root, "userName") is not null)
            {
                users.Add(ReadUser(root, Path.GetFileName(file)));
                continue;
            }
            else if (ScimAttributePath.Property(root, "totalResults") is { ValueKind: JsonValueKind.Number })
            {
                continue; // An empty page: WSO2 leaves Resources out when there are none.
            }
            else
            {
                throw new MigrationInputException($"{file} is not a SCIM ListResponse (no Resources array).");
            }

            var index = 0;
            foreach (var user in resources.EnumerateArray())
            {
                index++;
                users.Add(ReadUser(user, $"{Path.GetFileName(file)}#{index}"));
            }
        }

        if (total is { } expected && expected > users.Count)
        {
            warnings.Add($"the export says totalResults {expected} but its files hold {users.Count} users: a page may be missing");
        }

        return new ScimExport(users, warnings);
    }

    private ScimUser ReadUser(JsonElement user, string source) => new(
        source,
        ScimAttributePath.Property(user, "userName") is { ValueKind: JsonValueKind.String } name ? name.GetString() : null,
        Mobile(user),
        Text(disabled.Read(user)),
        Text(backupCodes.Read(user)));

    /// <summary><c>phoneNumbers[type=mobile]</c>: the primary one when several, else the first.</summary>
    private static string? Mobile(JsonElement user)
    {
        if (ScimAttributePath.Property(user, "phoneNumbers") is not { ValueKind: JsonValueKind.Array } numbers)
        {
            return null;
        }

        var mobiles = numbers.EnumerateArray()
            .Where(n => ScimAttributePath.Property(n, "type") is { ValueKind: JsonValueKind.String } type
                && type.GetString()!.Equals("mobile", StringComparison.OrdinalIgnoreCase))
            .ToList();
        var chosen = mobiles.FirstOrDefault(n => ScimAttributePath.Property(n, "primary") is { ValueKind: JsonValueKind.True });
        if (chosen.ValueKind == JsonValueKind.Undefined)
        {
            chosen = mobiles.FirstOrDefault();
        }

        return chosen.ValueKind == JsonValueKind.Object && ScimAttributePath.Property(chosen, "value") is { ValueKind: JsonValueKind.String } v
            ? v.GetString()
            : null;
    }

    /// <summary>Strings as they are, booleans and numbers as text, arrays joined with commas (a multi-valued claim).</summary>
    private static string? Text(JsonElement? value) => value switch
    {
        null => null,
        { ValueKind: JsonValueKind.String } s => s.GetString(),
        { ValueKind: JsonValueKind.True } => "true",
        { ValueKind: JsonValueKind.False } => "false",
        { ValueKind: JsonValueKind.Array } a => string.Join(",", a.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.String ? e.GetString() : e.GetRawText())),
        { } other => other.GetRawText(),
    };

    private static IEnumerable<string> Files(IEnumerable<string> paths)
    {
        foreach (var path in paths)
        {
            if (Directory.Exists(path))
            {
                var files = Directory.EnumerateFiles(path, "*.json").Order(StringComparer.Ordinal).ToList();
                if (files.Count == 0)
                {
                    throw new MigrationInputException($"{path} holds no *.json files.");
                }

                foreach (var file in files)
                {
                    yield return file;
                }
            }
            else if (File.Exists(path))
            {
                yield return path;
            }
            else
            {
                throw new MigrationInputException($"{path} does not exist.");
            }
        }
    }

    private static JsonDocument Parse(string file)
    {
        try
        {
            return JsonDocument.Parse(File.ReadAllBytes(file), new JsonDocumentOptions { AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            throw new MigrationInputException($"{file} is not valid JSON: {e.Message}", e);
        }
        catch (IOException e)
        {
            throw new MigrationInputException($"Cannot read {file}: {e.Message}", e);
        }
    }
}
