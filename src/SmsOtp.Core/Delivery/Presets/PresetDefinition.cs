namespace SmsOtp.Core.Delivery.Presets;

/// <summary>
/// One provider preset: its name (and aliases), the API's base address, whether <c>From</c> is required,
/// the secrets it reads (by suffix after the prefix) and how it builds the request and reads the answer.
/// </summary>
public sealed record PresetDefinition(
    string Name,
    string DefaultBaseUrl,
    bool RequiresFrom,
    IReadOnlyList<string> SecretParts,
    Func<PresetInput, ProviderTemplate> Build)
{
    public IReadOnlyList<string> Aliases { get; init; } = [];
}
