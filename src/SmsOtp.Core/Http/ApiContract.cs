namespace SmsOtp.Core.Http;

/// <summary>
/// The service's OpenAPI 3.1 contract (<c>Http/openapi.json</c>, embedded): the one document both hosts serve
/// at <c>GET /api/openapi.json</c> and the contract tests hold every response to.
/// </summary>
public static class ApiContract
{
    public const string ResourceName = "SmsOtp.Core.openapi.json";

    private static readonly Lazy<byte[]> Bytes = new(() =>
    {
        using var stream = typeof(ApiContract).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The embedded resource {ResourceName} is missing from the build.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    });

    /// <summary>The document as UTF-8 JSON (shared: never modify).</summary>
    public static byte[] Utf8 => Bytes.Value;
}
