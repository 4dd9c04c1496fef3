using System.Text.Encodings.Web;
using System.Text.Json.Serialization;

namespace SmsOtp.Core.Common;

/// <summary>The API's JSON: camelCase, nulls left out, strict about types and depth.</summary>
public static class JsonDefaults
{
    public static JsonSerializerOptions Options { get; } = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            MaxDepth = 16,
            NumberHandling = JsonNumberHandling.Strict,

            // Bodies are application/json, never HTML: '+' in a number need not become \u002B.
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        };
        options.Converters.Add(new UtcTimestampConverter());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
