namespace SmsOtp.Core.Providers.Presets;

/// <summary>
/// One provider preset: its name (and aliases), the API's base address, whether <c>From</c> is required,
/// how it builds the request (naming the secrets it reads) and reads the answer, and its receipts.
/// </summary>
internal sealed record PresetDefinition(
    string Name,
    string DefaultBaseUrl,
    bool RequiresFrom,
    Func<PresetInput, ProviderTemplate> Build)
{
    public IReadOnlyList<string> Aliases { get; init; } = [];

    /// <summary>The API versions the preset speaks (the first is the default); empty when it has one.</summary>
    public IReadOnlyList<string> ApiVersions { get; init; } = [];

    /// <summary>How the preset's receipts are read and proved; null when it has none.</summary>
    public PresetReceipts? Receipts { get; init; }

    /// <summary>The preset's own start-up rules for an entry (e.g. a sender the provider accepts); messages carry the key prefix.</summary>
    public Func<ProviderOptions, string, IEnumerable<string>>? Validate { get; init; }
}
