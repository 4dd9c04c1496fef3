using System.Text.RegularExpressions;

namespace SmsOtp.Core.Providers;

/// <summary>
/// Turns a provider entry into a <see cref="ProviderTemplate"/>: a raw template as configured, or one
/// of the named presets (<c>Preset</c> plus <c>From</c>, optional <c>BaseUrl</c> and <c>SecretPrefix</c>).
/// </summary>
internal static partial class ProviderPresets
{
    private static readonly PresetDefinition[] Definitions =
    [
        VonagePreset.Definition,
        ClickatellPreset.Definition,
        PlivoPreset.Definition,
        BulkSmsPreset.Definition,
        BulkSmsPreset.Eapi,
        TwilioPreset.Definition,
        Presets.Acs.AcsPreset.Definition,
    ];

    private static readonly Dictionary<string, PresetDefinition> ByName = Definitions
        .SelectMany(d => d.Aliases.Prepend(d.Name).Select(n => KeyValuePair.Create(n, d)))
        .ToDictionary(StringComparer.OrdinalIgnoreCase);

    public static PresetDefinition? Find(string? preset) =>
        preset is not null && ByName.TryGetValue(preset.Trim(), out var definition) ? definition : null;

    /// <summary>How receipts of a provider built from <paramref name="preset"/> are read and proved: a raw template's (null), the preset's, or none.</summary>
    public static PresetReceipts? ReceiptsOf(string? preset) => preset is null ? TemplateReceipts.Receipts : Find(preset)?.Receipts;

    public static IEnumerable<string> Validate(ProviderOptions p, string prefix)
    {
        var definition = Find(p.Preset);
        if (definition is null)
        {
            yield return $"{prefix}Preset '{p.Preset}' is unknown (known: {string.Join(", ", Definitions.Select(d => d.Name))}).";
            yield break;
        }

        if (definition.RequiresFrom && string.IsNullOrWhiteSpace(p.From))
        {
            yield return $"{prefix}From is required by the {definition.Name} preset (the sender number or id).";
        }

        if (!string.IsNullOrWhiteSpace(p.BaseUrl)
            && (!Uri.TryCreate(p.BaseUrl, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)))
        {
            yield return $"{prefix}BaseUrl must be an absolute http(s) URL (was '{p.BaseUrl}').";
        }

        if (!string.IsNullOrWhiteSpace(p.SecretPrefix) && !SecretPrefixPattern().IsMatch(p.SecretPrefix))
        {
            yield return $"{prefix}SecretPrefix may hold only letters, digits and dashes, at most 60 (a Key Vault secret name's start).";
        }

        if (!string.IsNullOrWhiteSpace(p.ApiVersion) && !definition.ApiVersions.Contains(p.ApiVersion.Trim(), StringComparer.OrdinalIgnoreCase))
        {
            yield return definition.ApiVersions.Count == 0
                ? $"{prefix}ApiVersion does not apply to the {definition.Name} preset (it has one API)."
                : $"{prefix}ApiVersion must be one of {string.Join(", ", definition.ApiVersions)} for the {definition.Name} preset (was '{p.ApiVersion}').";
        }

        foreach (var error in definition.Validate?.Invoke(p, prefix) ?? [])
        {
            yield return error;
        }
    }

    public static ProviderTemplate Build(ProviderOptions p, int index)
    {
        var timeout = TimeSpan.FromSeconds(p.TimeoutSeconds);
        if (!string.IsNullOrWhiteSpace(p.Preset))
        {
            var definition = Find(p.Preset) ?? throw new InvalidOperationException($"SmsOtp:Providers:{index}:Preset '{p.Preset}' is unknown.");
            var baseUrl = (string.IsNullOrWhiteSpace(p.BaseUrl) ? definition.DefaultBaseUrl : p.BaseUrl.Trim()).TrimEnd('/');
            var name = string.IsNullOrWhiteSpace(p.Name) ? definition.Name : p.Name;
            var apiVersion = string.IsNullOrWhiteSpace(p.ApiVersion) ? definition.ApiVersions.FirstOrDefault() : p.ApiVersion.Trim().ToLowerInvariant();
            var built = definition.Build(new PresetInput(name, baseUrl, p.From?.Trim(), Prefix(p, definition), timeout, apiVersion) { Entry = p }) with
            {
                Preset = definition.Name,
                SignatureMethod = p.SignatureMethod?.Trim().ToLowerInvariant() ?? "md5hash",
            };
            return built.ReceiptScheme switch
            {
                ReceiptScheme.Vonage => built with { ReceiptSecret = p.SignatureSecret },
                ReceiptScheme.UrlToken => built with { ReceiptSecret = p.ReceiptToken },
                _ => built,
            };
        }

        HeaderList.TryParse(p.Headers, out var headers);
        return new ProviderTemplate(
            p.DisplayName(index),
            p.Url!,
            p.Method.ToUpperInvariant(),
            headers,
            string.IsNullOrEmpty(p.Payload) ? null : p.Payload,
            string.IsNullOrWhiteSpace(p.HttpResponseCode) ? null : int.Parse(p.HttpResponseCode, CultureInfo.InvariantCulture),
            string.Equals(p.NumberFormat, "digits", StringComparison.OrdinalIgnoreCase),
            timeout)
        {
            ReceiptSecret = p.ReceiptToken,
        };
    }

    private static string Prefix(ProviderOptions p, PresetDefinition d) =>
        string.IsNullOrWhiteSpace(p.SecretPrefix) ? d.Name : p.SecretPrefix.Trim();

    [GeneratedRegex("^[A-Za-z0-9-]{1,60}$")]
    private static partial Regex SecretPrefixPattern();
}
