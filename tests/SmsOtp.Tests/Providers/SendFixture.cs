namespace SmsOtp.Tests.Providers;

/// <summary>
/// One documented send answer from <c>Providers/Fixtures/&lt;folder&gt;/*.json</c> (format: docs/providers.md §14): the
/// request the provider documents, the answer it gives, and the classification the service must reach.
/// </summary>
public sealed record SendFixture(string Id, JsonElement Root)
{
    public static string Directory { get; } = System.IO.Path.Combine(AppContext.BaseDirectory, "Providers", "Fixtures");

    public string Folder => Id.Split('/')[0];

    public JsonElement Request => Root.GetProperty("request");

    public JsonElement Response => Root.GetProperty("response");

    public string Expected => Root.GetProperty("expected").GetString()!;

    public string? ErrorCode => Root.TryGetProperty("errorCode", out var code) && code.ValueKind == JsonValueKind.String ? code.GetString() : null;

    public string? MessageId => Root.TryGetProperty("messageIds", out var ids) && ids.GetArrayLength() > 0 ? ids[0].GetString() : null;

    public string Path => Request.GetProperty("path").GetString()!;

    public string Method => Request.GetProperty("method").GetString()!;

    /// <summary>A request member (<c>headers</c>, <c>query</c>, <c>form</c>, <c>json</c>), if the fixture documents it.</summary>
    public JsonElement? Part(string name) => Request.TryGetProperty(name, out var part) ? part : null;

    /// <summary>A field of the documented form body, if present.</summary>
    public string? Form(string name) => Part("form") is { } form && form.TryGetProperty(name, out var value) ? value.GetString() : null;

    public static SendFixture Load(string id) =>
        new(id, JsonDocument.Parse(File.ReadAllText(System.IO.Path.Combine(Directory, id + ".json"))).RootElement.Clone());

    /// <summary>Every fixture with a documented answer (receipts and request-only fixtures aside).</summary>
    public static TheoryData<string> All()
    {
        var data = new TheoryData<string>();
        foreach (var file in System.IO.Directory.EnumerateFiles(Directory, "*.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var id = System.IO.Path.GetRelativePath(Directory, file).Replace('\\', '/')[..^".json".Length];
            if (!id.StartsWith("receipts/", StringComparison.Ordinal) && Load(id).Root.TryGetProperty("response", out _))
            {
                data.Add(id);
            }
        }

        return data;
    }
}
